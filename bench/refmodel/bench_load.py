#!/usr/bin/python3
"""Load time of the PyTorch reference: reference_forward.RefModel (the loader bench_torch.py uses) on a model folder.

  bench_load.py --model DIR [--repeats 3] [--threads 1] [--dtype float32]

Times `import torch` once (the interpreter's first-use cost, not part of a load), then --repeats loads, each freed
before the next: wall (perf_counter) and process CPU (process_time) per load. One JSON line on stdout.
"""
import argparse
import gc
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _threads_from_argv(argv):
    for i, x in enumerate(argv):
        if x == "--threads" and i + 1 < len(argv):
            return argv[i + 1]
        if x.startswith("--threads="):
            return x.split("=", 1)[1]
    return "1"


# as bench_torch.py: pin BLAS and OpenMP threads before the libraries load
_T = _threads_from_argv(sys.argv[1:])
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_v] = _T

_w0, _c0 = time.perf_counter(), time.process_time()
import torch  # noqa: E402
import reference_forward as rf  # noqa: E402
IMPORT_S, IMPORT_CPU_S = time.perf_counter() - _w0, time.process_time() - _c0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--threads", type=int, default=1, help="torch + BLAS threads (set before loading them)")
    ap.add_argument("--dtype", default="float32", choices=sorted(rf.DTYPES))
    a = ap.parse_args(argv)
    torch.set_num_threads(a.threads)
    loads = []
    weights = None
    for _ in range(a.repeats):
        gc.collect()
        w0, c0 = time.perf_counter(), time.process_time()
        m = rf.RefModel(a.model, a.dtype)
        loads.append({"wall_s": round(time.perf_counter() - w0, 4), "cpu_s": round(time.process_time() - c0, 4)})
        weights = m.weight_dtypes
        del m
    out = {"engine": f"pytorch {torch.__version__} reference_forward.py", "model": os.path.abspath(a.model),
           "dtype": a.dtype, "weights": weights, "threads": torch.get_num_threads(),
           "import_s": round(IMPORT_S, 4), "import_cpu_s": round(IMPORT_CPU_S, 4), "loads": loads}
    print(json.dumps(out))


if __name__ == "__main__":
    sys.exit(main())

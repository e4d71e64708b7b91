"""Starts the kernel N times in a row (start, kernel_info, one cell, shutdown) and counts the failures.

    JUPYTER_PATH=... /usr/bin/python3 bench_kernel_starts.py 50 [kernel-name]

KernelProtocolTest runs it with a few starts; the README gives the 50-start command for a kernel installed with
kernels-config/install. Exit status 1 if any start failed.
"""
import sys
import time

from jupyter_client.manager import start_new_kernel


def one_start(name):
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=120)
    try:
        outputs = []
        reply = kc.execute_interactive("6 * 7", timeout=120, output_hook=outputs.append)
        if reply["content"]["status"] != "ok":
            raise RuntimeError("the cell failed: %s" % reply["content"])
        results = [m["content"]["data"]["text/plain"] for m in outputs if m["msg_type"] == "execute_result"]
        if results != ["42"]:
            raise RuntimeError("unexpected result %r" % results)
    finally:
        kc.stop_channels()
        km.shutdown_kernel()


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    name = sys.argv[2] if len(sys.argv) > 2 else "reasonbridge-java"
    times, failures = [], []
    for i in range(n):
        started = time.monotonic()
        try:
            one_start(name)
            times.append(time.monotonic() - started)
        except Exception as e:  # every failure counts; the message says which start and why
            failures.append("start %d: %s: %s" % (i + 1, type(e).__name__, e))
    for f in failures:
        print(f)
    if times:
        print("kernel starts: %d ok, %d failed; seconds per start: mean %.2f, min %.2f, max %.2f, total %.1f"
              % (len(times), len(failures), sum(times) / len(times), min(times), max(times), sum(times)))
    else:
        print("kernel starts: 0 ok, %d failed" % len(failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

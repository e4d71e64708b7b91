#!/usr/bin/python3
"""Compare another implementation's logits with a reference_forward.py output directory.

  compare.py REF_OUT --logits CANDIDATE.(npy|f32)       # [T, V] logits of every prompt position
  compare.py REF_OUT --gen-logits CANDIDATE.(npy|f32)   # [N, V] logits of each greedy step
  compare.py REF_OUT --gen-ids 12,40,7,...              # greedy continuation only
  options: --rtol 1e-4 (max |diff| / max |ref logit| allowed)  --json

REF_OUT holds logits.npy / gen_logits.npy, or only their .bin copies (as testdata/reference/<model>/ does).
A candidate file is .npy, or headerless little-endian float32 (.f32/.bin) reshaped with the reference's
vocab size. For --gen-logits the candidate must have been produced with the reference's greedy tokens fed
back ("teacher forcing": REF_OUT/meta.json greedy.ids), otherwise only the steps up to the first
disagreement are comparable (the script stops there and says so).

Reported per row: max abs diff, max abs diff / max |ref|, argmax agreement, and whether an argmax
disagreement is a near tie (ref top-1/top-2 margin smaller than the observed error).
Exit status 0 when every compared row is within --rtol and all argmax disagreements are near ties.
"""
import argparse
import json
import os
import sys

import numpy as np


def load(path, V):
    if path.endswith(".npy"):
        a = np.load(path)
    else:
        a = np.fromfile(path, dtype="<f4")
    return a.reshape(-1, V).astype(np.float64)


def load_ref(ref_dir, meta, name):
    """A reference array: NAME.npy, or its headerless copy NAME.bin (dtype and shape from meta.json "files"),
    which is all the repository's testdata/reference/ keeps."""
    npy = os.path.join(ref_dir, name + ".npy")
    if os.path.exists(npy):
        return np.load(npy).astype(np.float64)
    info = meta["files"][name]
    return np.fromfile(os.path.join(ref_dir, info["raw"]), dtype=info["dtype"]).reshape(info["shape"]).astype(np.float64)


def rows_report(ref, cand, rtol):
    out = []
    ok = True
    for i in range(min(len(ref), len(cand))):
        r, c = ref[i], cand[i]
        d = np.abs(r - c).max()
        scale = np.abs(r).max()
        top2 = np.sort(r)[-2:]
        margin = top2[1] - top2[0]
        am_ok = int(r.argmax()) == int(c.argmax())
        near_tie = (not am_ok) and margin <= 2 * d
        row_ok = d / scale <= rtol and (am_ok or near_tie)
        ok &= row_ok
        out.append({"row": i, "max_abs": float(d), "rel": float(d / scale), "argmax_ref": int(r.argmax()),
                    "argmax_cand": int(c.argmax()), "ref_margin": float(margin), "near_tie": bool(near_tie),
                    "ok": bool(row_ok)})
    return out, ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("ref")
    ap.add_argument("--logits")
    ap.add_argument("--gen-logits")
    ap.add_argument("--gen-ids")
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    with open(os.path.join(a.ref, "meta.json")) as f:
        meta = json.load(f)
    V = meta["config"]["vocab_size"]
    result = {"ref": os.path.abspath(a.ref), "compute_dtype": meta["compute_dtype"]}
    ok = True
    if a.logits:
        ref = load_ref(a.ref, meta, "logits")
        rows, k = rows_report(ref, load(a.logits, V), a.rtol)
        result["logits"] = rows
        ok &= k
    if a.gen_logits:
        ref = load_ref(a.ref, meta, "gen_logits")
        rows, k = rows_report(ref, load(a.gen_logits, V), a.rtol)
        result["gen_logits"] = rows
        ok &= k
    if a.gen_ids:
        cand = [int(x) for x in a.gen_ids.split(",") if x.strip()]
        refids = meta["greedy"]["ids"]
        n = 0
        while n < min(len(cand), len(refids)) and cand[n] == refids[n]:
            n += 1
        result["gen_ids"] = {"agree_prefix": n, "compared": min(len(cand), len(refids)),
                             "first_diff_ref_margin": meta["greedy"]["top1_margin"][n] if n < len(refids) else None}
        ok &= n == min(len(cand), len(refids))
    result["ok"] = bool(ok)
    if a.json:
        print(json.dumps(result))
    else:
        for key in ("logits", "gen_logits"):
            if key in result:
                rows = result[key]
                worst = max(rows, key=lambda r: r["rel"])
                bad = [r["row"] for r in rows if not r["ok"]]
                ties = [r["row"] for r in rows if r["near_tie"]]
                print(f"{key}: {len(rows)} rows, worst max|diff| {worst['max_abs']:.3g} (rel {worst['rel']:.3g}, "
                      f"row {worst['row']}), argmax agree {sum(r['argmax_ref'] == r['argmax_cand'] for r in rows)}"
                      f"/{len(rows)}, near-tie rows {ties}, failing rows {bad}")
        if "gen_ids" in result:
            g = result["gen_ids"]
            print(f"gen_ids: first {g['agree_prefix']} of {g['compared']} agree"
                  + ("" if g["agree_prefix"] == g["compared"] else
                     f" (ref top-1 margin at the first difference: {g['first_diff_ref_margin']:.3g})"))
        print("OK" if ok else "MISMATCH")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

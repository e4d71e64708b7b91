#!/usr/bin/python3
"""Write a Hugging Face tokenizer.json (+ tokenizer_config.json) whose vocabulary fits a model's vocab_size.

Source: testdata/tokenizers/qwen/tokenizer.json of the repository (Qwen3 = Qwen2.5 byte-level BPE). In that file ids 0..255 are the
256 byte-level symbols and merge rank r creates id 256+r, so keeping ids 0..K-1 together with merges
0..K-257 gives a *valid, complete* byte-level BPE (every byte string is encodable; it is exactly
the Qwen tokenizer with training stopped early). Three special tokens are appended after the kept ids:
<|endoftext|>, <|im_start|>, <|im_end|>  (ids vocab-3, vocab-2, vocab-1).

  make_tokenizer.py --vocab-size 512 --out DIR        # tiny: 256 bytes + 253 merges + 3 specials
  make_tokenizer.py --vocab-size 8192 --out DIR       # small
  make_tokenizer.py --vocab-size 151936 --out DIR     # >= 151669: copies the full Qwen tokenizer unchanged

Prints a JSON line with the ids of the special tokens (used by make_checkpoint.py for bos/eos).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
QWEN_DIR = os.path.join(HERE, "..", "..", "testdata", "tokenizers", "qwen")
SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]


def full_qwen_info(src_dir: str = QWEN_DIR) -> dict:
    with open(os.path.join(src_dir, "tokenizer.json"), encoding="utf-8") as f:
        t = json.load(f)
    ids = {a["content"]: a["id"] for a in t["added_tokens"]}
    n = max(max(t["model"]["vocab"].values()), max(ids.values())) + 1
    return {"num_tokens": n, "special_ids": {s: ids[s] for s in SPECIALS}}


def make(vocab_size: int, out_dir: str, src_dir: str = QWEN_DIR) -> dict:
    os.makedirs(out_dir, exist_ok=True)
    info = full_qwen_info(src_dir)
    if vocab_size >= info["num_tokens"]:
        for fn in ("tokenizer.json", "tokenizer_config.json"):
            shutil.copyfile(os.path.join(src_dir, fn), os.path.join(out_dir, fn))
        return {"vocab_size": vocab_size, "num_tokens": info["num_tokens"], "source": "qwen-full",
                "special_ids": info["special_ids"]}

    with open(os.path.join(src_dir, "tokenizer.json"), encoding="utf-8") as f:
        t = json.load(f)
    with open(os.path.join(src_dir, "tokenizer_config.json"), encoding="utf-8") as f:
        tc = json.load(f)
    keep = vocab_size - len(SPECIALS)
    if keep < 256:
        raise SystemExit("vocab_size must be >= 259 (256 byte symbols + 3 specials)")
    vocab = t["model"]["vocab"]
    inv = sorted(vocab.items(), key=lambda kv: kv[1])
    new_vocab = {s: i for s, i in inv if i < keep}
    merges = []
    for r, m in enumerate(t["model"]["merges"]):
        a, b = (m if isinstance(m, list) else m.split(" ", 1))
        res = new_vocab.get(a + b)
        if res is None:
            continue
        # in the Qwen file merge r produces id 256+r and components precede the result
        assert a in new_vocab and b in new_vocab and new_vocab[a] < res and new_vocab[b] < res, (r, a, b)
        merges.append([a, b])
    assert len(merges) == keep - 256, (len(merges), keep)

    old_added = {a["content"]: a for a in t["added_tokens"]}
    added = []
    for k, s in enumerate(SPECIALS):
        a = copy.deepcopy(old_added[s])
        a["id"] = keep + k
        added.append(a)

    nt = copy.deepcopy(t)
    nt["added_tokens"] = added
    nt["model"]["vocab"] = new_vocab
    nt["model"]["merges"] = merges
    with open(os.path.join(out_dir, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(nt, f, ensure_ascii=False, indent=2)
        f.write("\n")

    ntc = {k: v for k, v in tc.items() if k not in ("added_tokens_decoder", "additional_special_tokens", "chat_template")}
    ntc["added_tokens_decoder"] = {str(a["id"]): {k: a[k] for k in ("content", "lstrip", "normalized", "rstrip",
                                                                     "single_word", "special")} for a in added}
    ntc["additional_special_tokens"] = ["<|im_start|>", "<|im_end|>"]
    ntc["eos_token"] = "<|im_end|>"
    ntc["pad_token"] = "<|endoftext|>"
    ntc["model_max_length"] = 32768
    with open(os.path.join(out_dir, "tokenizer_config.json"), "w", encoding="utf-8") as f:
        json.dump(ntc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return {"vocab_size": vocab_size, "num_tokens": vocab_size, "source": f"qwen-prefix-{keep}",
            "special_ids": {s: keep + k for k, s in enumerate(SPECIALS)}}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--vocab-size", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--src", default=QWEN_DIR)
    a = ap.parse_args(argv)
    print(json.dumps(make(a.vocab_size, a.out, a.src)))


if __name__ == "__main__":
    sys.exit(main())

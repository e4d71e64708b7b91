#!/usr/bin/python3
"""The PyTorch side of `./reasonbridge bench train`: tokens/s of bottleneck-adapter training steps.

  train_torch.py --model DIR --refmodel bench/refmodel --attn 0,1 --mlp 2,3,4 \
                 --bottleneck 64 --batch 1 --seq-len 128 --steps 5 --threads 1 [--ids-file FILE]

The model is the fixtures' reference implementation (reference_forward.RefModel: its weights, its math), run with
autograd on: frozen base, adapters h + up(gelu(down(h))) (exact GELU, down ~ N(0, 0.01), up-projection and
biases zero, as BottleneckConfig's defaults) on the attention output of the --attn layers and the MLP output of the
--mlp layers, a mean token cross-entropy over random targets (or the ids of --ids-file: a JSON [batch][seq_len + 1]
array, so both sides see the same batch), AdamW with TrainingConfig's defaults. One step = forward + backward +
update of one batch, as the Java side measures it. Prints one JSON line.
"""
import argparse
import json
import resource
import math
import statistics
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--refmodel", required=True, help="folder of reference_forward.py")
    ap.add_argument("--attn", default="", help="layers with an adapter after attention, comma-separated")
    ap.add_argument("--mlp", default="", help="layers with an adapter after the MLP, comma-separated")
    ap.add_argument("--bottleneck", type=int, default=64)
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--seq-len", type=int, default=128)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--ids-file", help="JSON [batch][seq_len + 1] token ids; default: random ids from --seed")
    ap.add_argument("--lr", type=float, default=5e-5)
    a = ap.parse_args(argv)

    import torch
    import torch.nn.functional as F
    torch.set_num_threads(a.threads)
    sys.path.insert(0, a.refmodel)
    import reference_forward as rf

    m = rf.RefModel(a.model, "float32")
    c = m.cfg
    if m.moe:
        raise SystemExit("train_torch.py: dense models only")
    H, nh, nkv, hd = c["hidden_size"], c["num_heads"], c["num_kv_heads"], c["head_dim"]
    torch.manual_seed(a.seed)
    attn_layers = [int(x) for x in a.attn.split(",") if x]
    mlp_layers = [int(x) for x in a.mlp.split(",") if x]
    adapters = {}
    for kind, layers in (("attn", attn_layers), ("mlp", mlp_layers)):
        for i in layers:
            down = torch.nn.Linear(H, a.bottleneck)
            up = torch.nn.Linear(a.bottleneck, H)
            torch.nn.init.normal_(down.weight, std=0.01)
            torch.nn.init.zeros_(down.bias)
            torch.nn.init.zeros_(up.weight)
            torch.nn.init.zeros_(up.bias)
            adapters[(kind, i)] = (down, up)
    params = [p for d, u in adapters.values() for p in list(d.parameters()) + list(u.parameters())]
    opt = torch.optim.AdamW(params, lr=a.lr, betas=(0.9, 0.95), eps=1e-8, weight_decay=1e-4)

    def adapt(kind, i, h):
        if (kind, i) not in adapters:
            return h
        d, u = adapters[(kind, i)]
        return h + u(F.gelu(d(h)))

    def forward(ids):  # ids [B, T] -> logits [B, T, V]; the reference's math with autograd
        B, T = ids.shape
        x = m.embed[ids]
        cos, sin = m.rope_cos_sin(torch.arange(T))
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), 1)
        rep = nh // nkv
        for i, L in enumerate(m.layers):
            h = m.rmsnorm(x, L["in_norm"])
            q = F.linear(h, L["wq"], L["bq"]).view(B, T, nh, hd).transpose(1, 2)
            k = F.linear(h, L["wk"], L["bk"]).view(B, T, nkv, hd).transpose(1, 2)
            v = F.linear(h, L["wv"], L["bv"]).view(B, T, nkv, hd).transpose(1, 2)
            q = q * cos + m.rotate_half(q) * sin
            k = k * cos + m.rotate_half(k) * sin
            k = k.repeat_interleave(rep, dim=1)
            v = v.repeat_interleave(rep, dim=1)
            s = torch.matmul(q, k.transpose(2, 3)) / math.sqrt(hd)
            s = s.masked_fill(mask, float("-inf"))
            att = torch.matmul(torch.softmax(s, -1), v).transpose(1, 2).reshape(B, T, nh * hd)
            x = x + adapt("attn", i, F.linear(att, L["wo"], L["bo"]))
            h = m.rmsnorm(x, L["post_norm"])
            mlp = F.linear(F.silu(F.linear(h, L["wg"], L["bg"])) * F.linear(h, L["wu"], L["bu"]), L["wd"], L["bd"])
            x = x + adapt("mlp", i, mlp)
        return F.linear(m.rmsnorm(x, m.norm), m.head)

    V = c["vocab_size"]
    g = torch.Generator().manual_seed(a.seed)
    if a.ids_file:
        with open(a.ids_file) as f:
            ids = torch.tensor(json.load(f), dtype=torch.int64)
        if tuple(ids.shape) != (a.batch, a.seq_len + 1):
            raise SystemExit(f"train_torch.py: --ids-file holds {tuple(ids.shape)}, want {(a.batch, a.seq_len + 1)}")
    else:
        ids = torch.randint(0, V - 3, (a.batch, a.seq_len + 1), generator=g)
    inputs, targets = ids[:, :-1], ids[:, 1:]
    times = []
    cpu = []
    losses = []
    for step in range(a.steps + 1):  # the first step warms up
        t0, c0 = time.perf_counter(), time.process_time()
        logits = forward(inputs)
        loss = F.cross_entropy(logits.reshape(-1, V), targets.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step > 0:
            times.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        losses.append(float(loss))
    tokens = a.batch * a.seq_len
    out = {"engine": f"pytorch {torch.__version__} (reference_forward.py math, autograd)",
           "threads": torch.get_num_threads(), "batch": a.batch, "seq_len": a.seq_len, "steps": a.steps,
           "trainable": sum(p.numel() for p in params),
           "step_s_median": statistics.median(times), "tokens_per_s_best": tokens / min(times),
           "tokens_per_s_median": tokens / statistics.median(times), "first_loss": losses[0],
           "cpu_s_mean": sum(cpu) / len(cpu),
           # the process's peak resident memory, model load included
           "peak_rss_mb": peak_rss_mb()}
    print(json.dumps(out))


def peak_rss_mb():
    """This process's peak resident memory in MB: /proc/self/status's VmHWM, the high-water mark of this program's own
    memory. Not ru_maxrss: Linux carries it across execve, so a child the JVM spawns would report the JVM's peak
    whenever that is higher than its own (docs/performance.md, "The peer's peak memory")."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The cost model of docs/distributed.md ("Speed and a cost model"): predicted steps/s and images/s of data-parallel
training on P workers from the measurements of bench/spark-scaling.sh.

    python3 bench/spark-cost-model.py            # the docs' table (Markdown)

Per step, every worker computes for t_c (its per-worker batch b fixed) and makes 4 sums: D's gradients, D's metrics,
G's gradients, G's loss (the two metric sums are a few doubles). One message of n bytes costs a + n * (w + c): a the
latency per hop, w the wire's time per byte (1 / link bandwidth), c the host's time per byte (serialisation, kernel
copies, the add), measured on loopback where w is ~0. The rings:

  sequential (today's RingAllReduce): a sum is 2(P-1) messages of the whole array, one after the other:
      T_sum = 2 (P-1) (a + n (w + c))
  pipelined (the same order of addition, in chunks of k bytes flowing 0 -> 1 -> ... -> P-1, then back):
      T_sum = 2 (P - 1 + n/k) (a + k (w + c))      (a metric sum is one chunk)

  step time = t_c + T_D + T_Dmetrics + T_G + T_Gloss;  steps/s = 1 / step time;  images/s = P b steps/s
"""
import sys

# --- measured here (bench/spark-scaling.sh, 2026-12-01; see the docs for the commands) ---
A_LOOPBACK = 20e-6       # s per message: half the median of a 1k..4k-float sum between two executor JVMs
C_HOST = 0.65e-9         # s per byte: the slope of the 1M..4M-float sums (2 messages each) on loopback
NETS = {"10 Gbit/s": 10e9 / 8, "25 Gbit/s": 25e9 / 8}   # bytes/s per link
A_NET = 30e-6            # s per message added by a real network (assumed: a switch hop and TCP's stack)
CHUNK = 256 * 1024       # bytes per chunk of the pipelined ring (assumed)

# floats summed per step (G's and D's gradient buffers, WorkerTiming.floatsSummed / steps) and t_c in seconds,
# one worker, per-worker batch b (compute_ms_per_step of the workers=1 runs)
MODELS = {
    "reference MLP": {"floats": 318737, "t_c": {64: None, 256: None}},
    "DCGAN": {"floats": 679042, "t_c": {64: None, 256: None}},
}


def step_time(model, b, p, net, pipelined):
    if p == 1:
        return model["t_c"][b]
    a = A_LOOPBACK + A_NET
    per_byte = 1 / NETS[net] + C_HOST
    grad_bytes = model["floats"] * 4            # D's and G's buffers together
    if not pipelined:
        # two gradient sums (their bytes add up) and two metric sums (latency only)
        comm = 2 * (p - 1) * (4 * a + grad_bytes * per_byte)
    else:
        chunks = grad_bytes / CHUNK             # over both gradient sums
        comm = 2 * ((p - 1) * 2 + chunks) * (a + CHUNK * per_byte) + 2 * 2 * (p - 1) * a
    return model["t_c"][b] + comm


def main(argv):
    # t_c from the command line: mlp64 mlp256 dcgan64 dcgan256 (ms)
    t = [float(x) / 1000 for x in argv[1:5]]
    MODELS["reference MLP"]["t_c"] = {64: t[0], 256: t[1]}
    MODELS["DCGAN"]["t_c"] = {64: t[2], 256: t[3]}
    print("| model | batch/worker | network | ring | " + " | ".join(f"P={p}" for p in (1, 8, 16, 32, 64)) + " |")
    print("|---|---|---|---|" + "---|" * 5)
    for name, m in MODELS.items():
        for b in (64, 256):
            for net in NETS:
                for pipelined in (False, True):
                    cells = []
                    for p in (1, 8, 16, 32, 64):
                        s = step_time(m, b, p, net, pipelined)
                        cells.append(f"{1 / s:.1f} ({p * b / s / 1000:.1f}k)")
                    ring = "pipelined (model)" if pipelined else "sequential"
                    print(f"| {name} | {b} | {net} | {ring} | " + " | ".join(cells) + " |")
    print()
    print("break-even t_c (adding workers pays at all, sequential ring: t_c > 2(4a + B(w + c))), "
          "and t_c for 50 % efficiency at P (sequential: t_c >= 2(P-1)(4a + B(w+c))):")
    for name, m in MODELS.items():
        for net in NETS:
            a = A_LOOPBACK + A_NET
            k = 4 * a + m["floats"] * 4 * (1 / NETS[net] + C_HOST)
            print(f"  {name} {net}: K = {k * 1e3:.2f} ms; pays from t_c > {2 * k * 1e3:.1f} ms; 50 % at P=8/16/32/64 "
                  f"from t_c >= {14 * k * 1e3:.0f} / {30 * k * 1e3:.0f} / {62 * k * 1e3:.0f} / {126 * k * 1e3:.0f} ms")


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/env python3
"""The cost model of docs/distributed.md ("Speed and a cost model"): predicted steps/s and images/s of data-parallel
training on P workers from the measurements of bench/spark-scaling.sh.

    python3 bench/spark-cost-model.py T_MLP64 T_MLP256 T_DCGAN64 T_DCGAN256   # t_c in ms: the docs' tables

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


def comm_time(model, p, net, pipelined):
    """The exchange's time per step on P workers: two gradient sums and two metric sums."""
    if p == 1:
        return 0.0
    a = A_LOOPBACK + A_NET
    per_byte = 1 / NETS[net] + C_HOST
    grad_bytes = model["floats"] * 4            # D's and G's buffers together
    if not pipelined:
        # 2(P-1) whole-array messages per sum, one after the other; the metric sums cost their latencies
        return 2 * (p - 1) * (4 * a + grad_bytes * per_byte)
    chunks = grad_bytes / CHUNK                 # over both gradient sums
    return 2 * (2 * (p - 1) + chunks) * (a + CHUNK * per_byte) + 2 * 2 * (p - 1) * a


def main(argv):
    # t_c from the command line, ms: mlp64 mlp256 dcgan64 dcgan256
    t = [float(x) / 1000 for x in argv[1:5]]
    MODELS["reference MLP"]["t_c"] = {64: t[0], 256: t[1]}
    MODELS["DCGAN"]["t_c"] = {64: t[2], 256: t[3]}
    ps = (1, 8, 16, 32, 64)
    print("Predicted steps/s (images/s in thousands) at per-worker batch b:")
    print()
    print("| model | b | t_c ms | network | ring | " + " | ".join(f"P={p}" for p in ps) + " |")
    print("|---|---|---|---|---|" + "---|" * len(ps))
    for name, m in MODELS.items():
        for b in (64, 256):
            for net in NETS:
                for pipelined in (False, True):
                    cells = []
                    for p in ps:
                        s = m["t_c"][b] + comm_time(m, p, net, pipelined)
                        cells.append(f"{1 / s:.1f} ({p * b / s / 1000:.1f}k)")
                    ring = "chunked" if pipelined else "whole arrays"
                    print(f"| {name} | {b} | {m['t_c'][b] * 1e3:.1f} | {net} | {ring} | " + " | ".join(cells) + " |")
    print()
    print("The exchange per step T(P), ms, and from which compute per step t_c adding workers pays: P workers beat")
    print("one when t_c > T(P) / (P - 1); they run at 50 % efficiency or better when t_c >= T(P):")
    print()
    print("| model | network | ring | " + " | ".join(f"T(P={p})" for p in ps[1:]) + " | pays from t_c > (P=8 .. 64) |")
    print("|---|---|---|" + "---|" * (len(ps) - 1) + "---|")
    for name, m in MODELS.items():
        for net in NETS:
            for pipelined in (False, True):
                ts = [comm_time(m, p, net, pipelined) * 1e3 for p in ps[1:]]
                pays = [tt / (p - 1) for tt, p in zip(ts, ps[1:])]
                ring = "chunked" if pipelined else "whole arrays"
                print(f"| {name} | {net} | {ring} | " + " | ".join(f"{x:.1f}" for x in ts) + " | "
                      + " / ".join(f"{x:.2f}" for x in pays) + " ms |")


if __name__ == "__main__":
    main(sys.argv)

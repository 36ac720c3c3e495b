#!/usr/bin/env python3
"""The cost model of docs/distributed.md ("Speed and a cost model"): predicted steps/s and images/s of data-parallel
training on P workers from the measurements of bench/spark-scaling.sh.

    python3 bench/spark-cost-model.py T_MLP64 T_MLP256 T_DCGAN64 T_DCGAN256   # compute per step t_c, ms

Per step every worker computes for t_c (its per-worker batch b fixed, the same on every worker: no stragglers) and
makes 4 sums: D's gradients, D's metrics (a few doubles), G's gradients, G's loss (one double). A hop of n bytes
costs a + n * beta: a the latency per hop, beta = w + c the time per byte, w the wire's (1 / link bandwidth) and c the
host's (serialising, kernel copies, the add; measured on loopback, where w is ~0). Host work and the wire are not
assumed to overlap inside a hop (pessimistic by up to 2x where w ~ c). Each worker's link carries one stream (a ring).

  whole arrays (the ring before chunking): a sum is 2(P-1) hops of the whole array, one after the other
      T_sum(n) = 2 (P-1) (a + n beta)
  chunked (today's RingAllReduce; the same order of addition): chunks of k bytes flow 0 -> 1 -> ... -> P-1, then
  round from P-1; the pipeline fills in P-1 hops of a chunk per phase, then streams, each chunk costing o more
      T_sum(n) = 2 (P-1) (a + k beta) + 2 n beta + 2 ceil(n / k) o,   k = RingAllReduce.chunkBytesFor(n, P)
  (arrays up to 64 KiB, the metric sums, travel whole: T_sum = 2 (P-1) (a + n beta))

  step time = t_c + T_sum(D) + T_sum(D's metrics) + T_sum(G) + T_sum(G's loss)
  steps/s = 1 / step time;  images/s = P b steps/s
"""
import math
import sys

# --- measured here (bench/spark-scaling.sh on this 2-core VM, 2026-12-01: docs/distributed.md has the runs) ---
A_LOOPBACK = 20e-6   # s per hop: half the median sum of 1k..4k floats between two executor JVMs (whole arrays)
C_HOST = 0.6e-9      # s per byte: the slope of the 1M..4M-float sums (medians of 5 runs), whole arrays, loopback
O_CHUNK = 5e-6       # s per extra chunk in a stream: 16 MB sums with 256, 64 and 16 KiB chunks (3 to 7 us)
# --- assumed ---
NETS = {"10 Gbit/s": 10e9 / 8, "25 Gbit/s": 25e9 / 8}   # bytes/s of each worker's link, full duplex
A_NET = 30e-6        # s per hop added by a real network (a switch, TCP's stack on both ends)

# floats of each gradient buffer (WorkerTiming.floatsSummed / steps = D + G)
MODELS = {"reference MLP": {"D": 100_609, "G": 218_128}, "DCGAN": {"D": 138_817, "G": 540_225}}
METRICS_BYTES = (3 * 8, 1 * 8)   # D's loss and mean outputs, G's loss (doubles)


def chunk_bytes_for(n, p):
    """RingAllReduce.chunkBytesFor."""
    if p < 2:
        return 256 * 1024
    k = math.sqrt(n * 20000 / ((p - 1) * 1.0))
    return int(max(64 * 1024, min(256 * 1024, k)))


def t_sum(n, p, beta, chunked):
    a = A_LOOPBACK + A_NET
    if p == 1:
        return 0.0
    if not chunked or n <= 64 * 1024:
        return 2 * (p - 1) * (a + n * beta)
    k = chunk_bytes_for(n, p)
    return 2 * (p - 1) * (a + k * beta) + 2 * n * beta + 2 * math.ceil(n / k) * O_CHUNK


def comm_time(model, p, net, chunked):
    beta = 1 / NETS[net] + C_HOST
    sums = [model["D"] * 4, METRICS_BYTES[0], model["G"] * 4, METRICS_BYTES[1]]
    return sum(t_sum(n, p, beta, chunked) for n in sums)


def main(argv):
    t = [float(x) / 1000 for x in argv[1:5]]
    t_c = {("reference MLP", 64): t[0], ("reference MLP", 256): t[1], ("DCGAN", 64): t[2], ("DCGAN", 256): t[3]}
    ps = (1, 8, 16, 32, 64)
    print("Predicted steps/s (images/s) at per-worker batch b:")
    print()
    print("| model | b | t_c ms | network | ring | " + " | ".join(f"P={p}" for p in ps) + " |")
    print("|---|---|---|---|---|" + "---|" * len(ps))
    for name, m in MODELS.items():
        for b in (64, 256):
            for net in NETS:
                for chunked in (False, True):
                    cells = []
                    for p in ps:
                        s = t_c[(name, b)] + comm_time(m, p, net, chunked)
                        cells.append(f"{1 / s:.1f} ({p * b / s / 1000:.1f}k)")
                    ring = "chunked" if chunked else "whole arrays"
                    print(f"| {name} | {b} | {t_c[(name, b)] * 1e3:.1f} | {net} | {ring} | " + " | ".join(cells)
                          + " |")
    print()
    print("The exchange per step T(P) in ms; P workers give more images/s than one when t_c > T(P) / (P - 1), and")
    print("run at 50 % efficiency or better (P t_c / (t_c + T) >= P / 2) when t_c >= T(P):")
    print()
    print("| model | network | ring | " + " | ".join(f"T(P={p})" for p in ps[1:])
          + " | pays from t_c > (P = 8 / 16 / 32 / 64) |")
    print("|---|---|---|" + "---|" * (len(ps) - 1) + "---|")
    for name, m in MODELS.items():
        for net in NETS:
            for chunked in (False, True):
                ts = [comm_time(m, p, net, chunked) * 1e3 for p in ps[1:]]
                pays = [tt / (p - 1) for tt, p in zip(ts, ps[1:])]
                ring = "chunked" if chunked else "whole arrays"
                print(f"| {name} | {net} | {ring} | " + " | ".join(f"{x:.1f}" for x in ts) + " | "
                      + " / ".join(f"{x:.2f}" for x in pays) + " ms |")
    # the model at P = 2 on loopback, against the ring's own table
    print()
    print("Check on loopback (w = 0, a = 20 us), P = 2, ms per sum: n bytes -> whole / chunked")
    for n in (4096, 262144, 1048576, 4194304, 16777216):
        whole = 2 * (A_LOOPBACK + n * C_HOST) * 1e3
        k = chunk_bytes_for(n, 2)
        ch = whole if n <= 65536 else (2 * (A_LOOPBACK + k * C_HOST) + 2 * n * C_HOST
                                      + 2 * math.ceil(n / k) * O_CHUNK) * 1e3
        print(f"  {n:>9} -> {whole:.3f} / {ch:.3f}")


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
"""The PyTorch simple GAN (the reference program) trained on the 10,000 MNIST test digits, writing 10,000 samples
as an IDX3 file at chosen steps, for `gan4j evaluate --samples FILE` (docs/fidelity.md, FID beside gan4j's).

G = Linear(64,256) LeakyReLU(0.01) Linear(256,784) Tanh; D = Linear(784,128) LeakyReLU(0.01) Linear(128,1) Sigmoid;
BCELoss, Adam(3e-4) both, batch 32, shuffled every epoch, inputs in [-1, 1]; G.eval() for sampling, as the
reference does. Pixels are written as gan4j's `sample` writes them: round((x + 1) / 2 * 255).

  LD_LIBRARY_PATH=<Debian OpenBLAS, see ../shared/reference/torch_step_bench.py> \
    /usr/bin/python3 bench/torch_reference_samples.py --seed 0 --at 1875,93750 --out-dir /tmp/torch-ref
writes /tmp/torch-ref/seed0-step1875.idx and seed0-step93750.idx.
"""
import argparse
import gzip
import os
import sys

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402
from torch import nn  # noqa: E402

from torch_recipe_samples import write_idx  # noqa: E402  (same directory)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--at", default="1875,93750", help="steps at which to write samples, comma-separated")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--images", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                                                     "shared", "datasets", "mnist", "t10k-images-idx3-ubyte.gz"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(a.seed)
    at = sorted(int(s) for s in a.at.split(","))
    os.makedirs(a.out_dir, exist_ok=True)
    G = nn.Sequential(nn.Linear(64, 256), nn.LeakyReLU(0.01), nn.Linear(256, 784), nn.Tanh())
    D = nn.Sequential(nn.Linear(784, 128), nn.LeakyReLU(0.01), nn.Linear(128, 1), nn.Sigmoid())
    opt_g = torch.optim.Adam(G.parameters(), lr=3e-4)
    opt_d = torch.optim.Adam(D.parameters(), lr=3e-4)
    bce = nn.BCELoss()
    raw = gzip.open(a.images).read()
    if int.from_bytes(raw[:4], "big") != 0x803:
        sys.exit(f"{a.images}: not an IDX3 image file")
    data = torch.frombuffer(bytearray(raw[16:]), dtype=torch.uint8).view(-1, 784).float() / 127.5 - 1
    step = 0
    while step < at[-1]:
        perm = torch.randperm(len(data))
        for i in range(0, len(data), 32):
            real = data[perm[i:i + 32]]
            b = len(real)
            fake = G(torch.randn(b, 64))
            d_real = D(real).view(-1)
            d_fake = D(fake.detach()).view(-1)
            loss_d = (bce(d_real, torch.ones_like(d_real)) + bce(d_fake, torch.zeros_like(d_fake))) / 2
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            out = D(fake).view(-1)
            loss_g = bce(out, torch.ones_like(out))
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            step += 1
            if step in at:
                G.eval()
                with torch.no_grad():
                    samples = G(torch.randn(a.count, 64, generator=torch.Generator().manual_seed(1234)))
                G.train()
                path = os.path.join(a.out_dir, f"seed{a.seed}-step{step}.idx")
                write_idx(path, samples)
                print(f"step {step}: lossD {loss_d.item():.4f} lossG {loss_g.item():.4f} -> {path}", flush=True)
            if step >= at[-1]:
                break


if __name__ == "__main__":
    main()

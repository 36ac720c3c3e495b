#!/usr/bin/python3
"""Trains a recipe of ../shared/reference/torch_recipes.py (mlp_wide, dcgan, wgan_gp) on the 10,000 MNIST test digits
exactly as that script's --train mode does (its build() and its step, imported from it), and at chosen steps writes
10,000 samples as an IDX3 file with the training wall time so far, for `gan4j evaluate --samples FILE`
(docs/recipes.md: quality at equal step counts, and the time it took).

  LD_LIBRARY_PATH=<Debian OpenBLAS, see ../shared/reference/torch_step_bench.py> \
    /usr/bin/python3 bench/torch_recipe_samples.py --recipe mlp_wide --seed 0 --at 1000,5000 --out-dir /tmp/twin
writes /tmp/twin/mlp_wide-seed0-step1000.idx (and .txt with the wall time) and so on. G is put in eval mode for
sampling (dropout and batch norm as the reference's G.eval()); the noise is torch.Generator().manual_seed(1234).
"""
import argparse
import importlib.util
import os
import sys
import time

_threads = next((sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--threads"), "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", _threads)
os.environ.setdefault("OMP_NUM_THREADS", _threads)

import torch  # noqa: E402
from torch import nn  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def load_recipes(path):
    spec = importlib.util.spec_from_file_location("torch_recipes", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def write_idx(path, images):
    pixels = torch.round((images.clamp(-1, 1) + 1) / 2 * 255).to(torch.uint8).view(-1, 28, 28)
    with open(path + ".tmp", "wb") as f:
        f.write((0x803).to_bytes(4, "big"))
        for d in pixels.shape:
            f.write(int(d).to_bytes(4, "big"))
        f.write(pixels.numpy().tobytes())
    os.replace(path + ".tmp", path)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--recipe", required=True, choices=["mlp_wide", "dcgan", "wgan_gp"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--at", required=True, help="steps at which to write samples, comma-separated")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--out-dir", required=True)
    ap.add_argument("--recipes", default=os.path.join(HERE, "..", "..", "shared", "reference", "torch_recipes.py"))
    a = ap.parse_args()
    r = load_recipes(a.recipes)
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    at = sorted(int(s) for s in a.at.split(","))
    os.makedirs(a.out_dir, exist_ok=True)
    G, D, hp = r.build(a.recipe)
    bs = hp["batch"]
    opt_g = torch.optim.Adam(G.parameters(), lr=hp["lr"], betas=hp["betas"])
    opt_d = torch.optim.Adam(D.parameters(), lr=hp["lr"], betas=hp["betas"])
    bce = nn.BCEWithLogitsLoss()
    images = r.read_idx(os.path.join(r.MNIST, "t10k-images-idx3-ubyte.gz"), 0x803)
    data = torch.frombuffer(bytearray(images[16:]), dtype=torch.uint8).view(-1, 784).float() / 127.5 - 1
    n = len(data)

    def batches():
        while True:
            perm = torch.randperm(n)
            for s in range(0, n, bs):
                yield data[perm[s:s + bs]]

    it = batches()

    def step_bce():  # torch_recipes.py's d_step_bce without the conditional branch
        real = next(it)
        k = real.shape[0]
        fake = G(torch.randn(k, r.Z))
        out_r, out_f = D(real).view(-1), D(fake.detach()).view(-1)
        loss_d = (bce(out_r, torch.full_like(out_r, hp["smooth"])) + bce(out_f, torch.zeros_like(out_f))) / 2
        opt_d.zero_grad(set_to_none=True)
        loss_d.backward()
        opt_d.step()
        out = D(fake).view(-1)
        loss_g = bce(out, torch.ones_like(out))
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

    def step_wgan_gp():  # torch_recipes.py's step_wgan_gp
        for _ in range(hp["n_critic"]):
            real = next(it)
            k = real.shape[0]
            fake = G(torch.randn(k, r.Z)).detach()
            eps = torch.rand(k, 1)
            mix = (eps * real + (1 - eps) * fake).requires_grad_(True)
            grad, = torch.autograd.grad(D(mix).sum(), mix, create_graph=True)
            gp = ((grad.norm(2, dim=1) - 1) ** 2).mean()
            loss_d = D(fake).mean() - D(real).mean() + hp["gp"] * gp
            opt_d.zero_grad(set_to_none=True)
            loss_d.backward()
            opt_d.step()
        loss_g = -D(G(torch.randn(bs, r.Z))).mean()
        opt_g.zero_grad(set_to_none=True)
        loss_g.backward()
        opt_g.step()

    step = step_wgan_gp if a.recipe == "wgan_gp" else step_bce
    trained = 0.0
    for i in range(1, at[-1] + 1):
        t0 = time.perf_counter()
        step()
        trained += time.perf_counter() - t0
        if i in at:
            G.eval()
            with torch.no_grad():
                samples = G(torch.randn(a.count, r.Z, generator=torch.Generator().manual_seed(1234)))
            G.train()
            base = os.path.join(a.out_dir, f"{a.recipe}-seed{a.seed}-step{i}")
            write_idx(base + ".idx", samples)
            with open(base + ".txt", "w") as f:
                f.write(f"train_seconds={trained:.2f}\n")
            print(f"step {i}: {trained:.1f} s of training -> {base}.idx", flush=True)


if __name__ == "__main__":
    main()

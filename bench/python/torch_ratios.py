#!/usr/bin/env python3
"""PyTorch's own second-order steps against its SGD momentum, interleaved: rounds of SGD momentum,
K-FAC, APO-P and APO-LR on mlp_fmnist and lenet5_fmnist (reference ONNX weights, random batch of
128, the bench's settings), so that a shared machine's changing load hits every optimizer alike.
Prints per optimizer the median, fastest and mean step over all rounds (the mean includes the
meta-steps and decompositions) and their ratios to SGD momentum.

  /usr/bin/python3 bench/python/torch_ratios.py [--reference DIR] [--threads 2] [--rounds 4] [--steps 100]
"""
import argparse
import os
import subprocess
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from torch_bench import LeNet5, Mlp, load_onnx_weights, make_optimizer
from torch_second_order import ApoLr, ApoP, Kfac

OPTIMIZERS = ("sgd-momentum", "kfac", "apo-p", "apo-lr")



def main_checkout_reference():
    """The shared reference beside the main checkout, for a git worktree elsewhere."""
    common = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    return os.path.join(os.path.dirname(os.path.abspath(common)), "..", "shared", "reference", "torch")

def build(name, module, x, y, x2):
    if name == "kfac":
        return Kfac(module, lr=0.01)
    if name == "apo-p":
        return ApoP(module, x, y, x2, F.cross_entropy)
    if name == "apo-lr":
        return ApoLr(module, x, y, x2, F.cross_entropy, lr=0.01, momentum=0.9)
    return make_optimizer(name, module.parameters())


def run(module, optimizer, x, y, warmup, steps):
    times = []
    for i in range(warmup + steps):
        t0 = time.perf_counter()
        optimizer.zero_grad(set_to_none=False)
        F.cross_entropy(module(x), y).backward()
        optimizer.step()
        if i >= warmup:
            times.append((time.perf_counter() - t0) * 1e3)
    return times


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--reference", default=os.path.join(here, "..", "..", "..", "shared", "reference", "torch"))
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--warmup", type=int, default=20)
    a = p.parse_args()
    if not os.path.isdir(a.reference):
        a.reference = main_checkout_reference()
    torch.set_num_threads(a.threads)
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(128, 1, 28, 28, generator=g), torch.randint(0, 10, (128,), generator=g)
    x2 = torch.rand(128, 1, 28, 28, generator=g)
    print(f"load average before: {os.getloadavg()}", flush=True)
    for model_name, cls in (("mlp_fmnist", Mlp), ("lenet5_fmnist", LeNet5)):
        module = cls()
        load_onnx_weights(module, os.path.join(a.reference, "models", model_name + ".onnx"))
        start = {k: v.clone() for k, v in module.state_dict().items()}
        times = {o: [] for o in OPTIMIZERS}
        for _ in range(a.rounds):
            for name in OPTIMIZERS:
                module.load_state_dict(start)
                opt = build(name, module, x, y, x2)
                times[name] += run(module, opt, x, y, a.warmup, a.steps)
                if hasattr(opt, "close"):
                    opt.close()
        base = times["sgd-momentum"]
        bm, bf, ba = statistics.median(base), min(base), statistics.mean(base)
        for name in OPTIMIZERS:
            t = times[name]
            m, f, mean = statistics.median(t), min(t), statistics.mean(t)
            print(f"{model_name:14s} {name:13s} median {m:7.3f} ms ({m / bm:4.2f}x)  fastest {f:7.3f} ms "
                  f"({f / bf:4.2f}x)  mean {mean:7.3f} ms ({mean / ba:4.2f}x)", flush=True)
    print(f"load average after: {os.getloadavg()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

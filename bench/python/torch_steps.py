#!/usr/bin/env python3
"""PyTorch's training step of one reference model with one first-order optimizer, timed for a fixed
number of seconds after a warm-up; one line: "torch MODEL OPTIMIZER median M ms fastest F ms (N steps)".
The same step, weights and settings as torch_bench.py; bench/rounds.sh alternates it with ours.

  /usr/bin/python3 bench/python/torch_steps.py --model lenet5_fmnist [--optimizer sgd] [--seconds 8]
"""
import argparse
import os
import subprocess
import statistics
import time

import torch
import torch.nn.functional as F

from torch_bench import LeNet5, Mlp, load_onnx_weights, make_optimizer

MODELS = {"mlp_fmnist": Mlp, "lenet5_fmnist": LeNet5}



def main_checkout_reference():
    """The shared reference beside the main checkout, for a git worktree elsewhere."""
    common = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    return os.path.join(os.path.dirname(os.path.abspath(common)), "..", "shared", "reference", "torch")

def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    here = os.path.dirname(os.path.abspath(__file__))
    p.add_argument("--reference", default=os.path.join(here, "..", "..", "..", "shared", "reference", "torch"))
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--optimizer", default="sgd", choices=["sgd", "sgd-momentum", "adam"])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup-seconds", type=float, default=3.0)
    p.add_argument("--seconds", type=float, default=8.0)
    a = p.parse_args()
    if not os.path.isdir(a.reference):
        a.reference = main_checkout_reference()
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    module = MODELS[a.model]()
    load_onnx_weights(module, os.path.join(a.reference, "models", a.model + ".onnx"))
    g = torch.Generator().manual_seed(1)
    x, y = torch.rand(128, 1, 28, 28, generator=g), torch.randint(0, 10, (128,), generator=g)
    opt = make_optimizer(a.optimizer, module.parameters())

    def step():
        opt.zero_grad(set_to_none=False)
        F.cross_entropy(module(x), y).backward()
        opt.step()

    start = time.perf_counter()
    while time.perf_counter() - start < a.warmup_seconds:
        step()
    times = []
    start = time.perf_counter()
    while time.perf_counter() - start < a.seconds or len(times) < 5:
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    print(f"torch {a.model} {a.optimizer} median {statistics.median(times):.3f} ms fastest {min(times):.3f} ms "
          f"({len(times)} steps)", flush=True)


if __name__ == "__main__":
    main()

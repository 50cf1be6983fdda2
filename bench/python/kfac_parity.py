#!/usr/bin/env python3
"""Step-by-step parity of the bench's PyTorch K-FAC (torch_second_order.Kfac) with apo4j's kfac
plugin: the same ONNX start (mlp_fmnist or lenet5_fmnist of the shared torch reference), the same
Fashion-MNIST batches in the same order (the reference trace's batch file), the same K-FAC settings;
torch in this process, ours through `./apo train`; compares the per-step training loss and the
KL-clip scale (ours: metrics.jsonl's kfac/kl-scale). With --optimizer apo-p or apo-lr the same for
the PyTorch APO-P / APO-LR (plugin defaults, B' = the step's own batch: `second-batch: current`,
since ours draws an independent B' from its own stream otherwise), comparing the loss and eta.

  /usr/bin/python3 bench/python/kfac_parity.py [--model mlp_fmnist] [--optimizer kfac] [--steps 20]
      [--lr 0.01] [--factor-interval 1] [--inverse-interval 1] [--json OUT.json]

Needs the torch reference (../shared/reference/torch, or --reference) and the ./apo launcher.
With --json it writes the torch side's run (config, batch file, losses, scales) for a committed test.
"""
import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
import torch.nn.functional as F

from torch_bench import LeNet5, Mlp, load_onnx_weights
from torch_second_order import ApoLr, ApoP, Kfac

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))



def main_checkout_reference():
    """The shared reference beside the main checkout, for a git worktree elsewhere."""
    common = subprocess.run(["git", "-C", os.path.dirname(os.path.abspath(__file__)), "rev-parse", "--git-common-dir"],
                            capture_output=True, text=True).stdout.strip()
    return os.path.join(os.path.dirname(os.path.abspath(common)), "..", "shared", "reference", "torch")

def idx(path):
    """An IDX file (gzip) as a numpy array."""
    with gzip.open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def torch_run(model_name, reference, batches, lr, factor_interval, inverse_interval, optimizer="kfac"):
    """Per-step losses and the optimizer's per-step scalar (K-FAC: KL-clip scale; APO: eta)."""
    module = {"mlp_fmnist": Mlp, "lenet5_fmnist": LeNet5}[model_name]()
    load_onnx_weights(module, os.path.join(reference, "models", model_name + ".onnx"))
    data = os.path.join(reference, "data", "fmnist")
    images = idx(os.path.join(data, "train-first2048-images-idx3-ubyte.gz")).astype(np.float32) / np.float32(255)
    labels = idx(os.path.join(data, "train-first2048-labels-idx1-ubyte.gz")).astype(np.int64)
    x_all = torch.from_numpy(images).reshape(-1, 1, 28, 28)
    y_all = torch.from_numpy(labels)
    losses, scalars = [], []
    if optimizer == "kfac":
        opt = Kfac(module, lr=lr, factor_interval=factor_interval, inverse_interval=inverse_interval)
        original = opt._kl_scale
        opt._kl_scale = lambda dot: scalars.append(original(dot)) or scalars[-1]
    elif optimizer == "apo-p":
        opt = ApoP(module, None, None, None, F.cross_entropy, lr=lr)
    else:
        opt = ApoLr(module, None, None, None, F.cross_entropy, lr=lr, momentum=0.9)
    for rows in batches:
        index = torch.from_numpy(rows.astype(np.int64))
        x, y = x_all[index], y_all[index]
        if optimizer != "kfac":
            opt.x, opt.target, opt.second_x = x, y, x  # B' = B (second-batch: current)
        opt.zero_grad()
        loss = F.cross_entropy(module(x), y)
        loss.backward()
        opt.step()
        losses.append(float(loss))
        if optimizer == "apo-lr":
            scalars.append(lr * float(torch.exp(opt.psi)))
        elif optimizer == "apo-p":
            scalars.append(lr)
    return losses, scalars


def ours_run(model_name, reference, batch_file, steps, lr, factor_interval, inverse_interval, apo, optimizer="kfac"):
    data = os.path.join(reference, "data", "fmnist")
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "run")
        config = os.path.join(tmp, "kfac.yaml")
        with open(config, "w") as f:
            f.write(f"""model: {os.path.join(reference, "models", model_name + ".onnx")}
data: {{train: {{format: idx, images: {os.path.join(data, "train-first2048-images-idx3-ubyte.gz")}, labels: {os.path.join(data, "train-first2048-labels-idx1-ubyte.gz")}}}}}
loss: cross-entropy
optimizer: {spec(optimizer, lr, factor_interval, inverse_interval)}
batch-size: 128
steps: {steps}
batch-order: {batch_file}
out: {out}
""")
        subprocess.run([apo, "train", config, "--quiet"], check=True)
        with open(os.path.join(out, "metrics.jsonl")) as f:
            rows = [json.loads(line) for line in f]
    return [r["loss"] for r in rows], [r.get("kfac/kl-scale" if optimizer == "kfac" else "eta") for r in rows]


def spec(optimizer, lr, factor_interval, inverse_interval):
    """The run config's optimizer section."""
    if optimizer == "kfac":
        return (f"{{id: kfac, lr: {lr}, factor-update-interval: {factor_interval}, "
                f"inverse-update-interval: {inverse_interval}}}")
    if optimizer == "apo-p":
        return f"{{id: apo-p, lr: {lr}, second-batch: current}}"
    return f"{{id: apo-lr, base: {{id: sgd, lr: {lr}, momentum: 0.9}}, second-batch: current}}"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default="mlp_fmnist", choices=["mlp_fmnist", "lenet5_fmnist"])
    p.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference", "torch"))
    p.add_argument("--apo", default=os.path.join(ROOT, "apo"))
    p.add_argument("--optimizer", default="kfac", choices=["kfac", "apo-p", "apo-lr"])
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--factor-interval", type=int, default=1)
    p.add_argument("--inverse-interval", type=int, default=1)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", help="write the torch run here (for a committed reference)")
    a = p.parse_args()
    if not os.path.isdir(a.reference) and os.path.isdir(main_checkout_reference()):
        a.reference = main_checkout_reference()
    torch.set_num_threads(a.threads)
    torch.use_deterministic_algorithms(True)
    batch_file = os.path.join(a.reference, "traces", a.model + "__batches.npy")
    batches = np.load(batch_file)[:a.steps]
    losses, scales = torch_run(a.model, a.reference, batches, a.lr, a.factor_interval, a.inverse_interval,
                               a.optimizer)
    ours, our_scales = ours_run(a.model, a.reference, batch_file, a.steps, a.lr, a.factor_interval,
                                a.inverse_interval, a.apo, a.optimizer)
    what = "kl-scale" if a.optimizer == "kfac" else "eta"
    worst = 0.0
    print(f"{'step':>4} {'torch loss':>12} {'ours loss':>12} {'rel diff':>9} {'torch ' + what:>15} {'ours ' + what:>15}")
    for t, (lt, lo, st, so) in enumerate(zip(losses, ours, scales, our_scales)):
        rel = abs(lo - lt) / abs(lt)
        worst = max(worst, rel)
        print(f"{t:4d} {lt:12.7f} {lo:12.7f} {rel:9.2e} {st:15.7g} {so if so is None else format(so, '15.7g')}")
    print(f"worst relative loss difference over {len(losses)} steps: {worst:.2e}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"model": a.model, "torch": torch.__version__, "threads": a.threads,
                       "optimizer": spec(a.optimizer, a.lr, a.factor_interval, a.inverse_interval),
                       "batch_size": int(batches.shape[1]), "steps": a.steps,
                       "batch_order_file": os.path.basename(batch_file),
                       "train_loss": losses, what.replace("-", "_"): scales,
                       "ours_vs_torch_worst_loss_rel": worst}, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Regenerates the experiment models and the regression data that are committed next to this file.

Run with Debian's PyTorch: `apt-get install python3-torch python3-onnx python3-sklearn`, then
`/usr/bin/python3 experiments/models/make_models.py` from the repository root. Deterministic:
seeded initialisation, ONNX opset 13, training-mode export (no Conv+BN fusion, no initializer
deduplication), dynamic batch axis, no constant folding -- the same export choices as the
PyTorch reference corpus.
"""
import csv
import os

import numpy as np
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")


def export(model, example, path, input_name, output_name):
    model.train()
    torch.onnx.export(model, example, path, opset_version=13, input_names=[input_name],
                      output_names=[output_name], dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}},
                      training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False)


def autoencoder():
    """An MLP autoencoder for Fashion-MNIST: 784-256-64-256-784, logits out (use bce-with-logits)."""
    torch.manual_seed(1)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 64), nn.ReLU(),
                      nn.Linear(64, 256), nn.ReLU(), nn.Linear(256, 784))
    export(m, torch.zeros(2, 784), os.path.join(HERE, "autoencoder_fmnist.onnx"), "input", "reconstruction_logits")


def regression():
    """A regression MLP 10-64-64-1 and sklearn's diabetes data, standardised with train statistics."""
    from sklearn.datasets import load_diabetes
    d = load_diabetes()
    x, y = d.data.astype(np.float64), d.target.astype(np.float64)
    perm = np.random.default_rng(0).permutation(len(y))
    test, train = np.sort(perm[:88]), np.sort(perm[88:])
    mu, sd = x[train].mean(0), x[train].std(0)
    ymu, ysd = y[train].mean(), y[train].std()
    os.makedirs(DATA, exist_ok=True)
    for name, idx in (("train", train), ("test", test)):
        with open(os.path.join(DATA, f"diabetes_{name}.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow([f"x{i}" for i in range(10)] + ["target"])
            for i in idx:
                w.writerow([f"{v:.6f}" for v in (x[i] - mu) / sd] + [f"{(y[i] - ymu) / ysd:.6f}"])
    torch.manual_seed(2)
    m = nn.Sequential(nn.Linear(10, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1))
    export(m, torch.zeros(2, 10), os.path.join(HERE, "mlp_diabetes.onnx"), "input", "prediction")


if __name__ == "__main__":
    autoencoder()
    regression()
    print("wrote", sorted(os.listdir(HERE)), sorted(os.listdir(DATA)))

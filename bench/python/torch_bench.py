#!/usr/bin/env python3
"""PyTorch companion of the apo4j benchmark (bench/run.sh runs it with /usr/bin/python3).

It times, on the same architectures the Java side trains, forward + loss + backward alone and one
training step (zero_grad, forward, loss, backward, optimizer step) per batch, and numpy's float32 GEMM (OpenBLAS) at 2048^2.
On the two Fashion-MNIST models it also times PyTorch's own K-FAC, APO-P and APO-LR
(torch_second_order.py, checked step by step against ours by kfac_parity.py). The
Fashion-MNIST models are rebuilt from the reference ONNX files (same weights); the BatchNorm
ResNet-style CNN, the autoencoder and the small transformer are defined here and exported to ONNX
(opset 13, training mode, no constant folding, like the reference corpus) for the Java side.
Writes a JSON file; prints thread counts.
"""
import argparse
import json
import math
import os
import platform
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from torch_second_order import ApoLr, ApoP, Kfac


# ---------------------------------------------------------------- models ----------------------

class Mlp(nn.Module):
    """Flatten-Linear(784,256)-ReLU-Linear(256,128)-ReLU-Linear(128,10) (mlp_fmnist)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(784, 256), nn.Linear(256, 128), nn.Linear(128, 10)

    def forward(self, x):
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet5(nn.Module):
    """Conv(1,6,5,pad2)-ReLU-MaxPool2-Conv(6,16,5)-ReLU-MaxPool2-FC 400-120-84-10 (lenet5_fmnist)."""

    def __init__(self):
        super().__init__()
        self.conv1, self.conv2 = nn.Conv2d(1, 6, 5, padding=2), nn.Conv2d(6, 16, 5)
        self.pool1, self.pool2 = nn.MaxPool2d(2), nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc1, self.fc2, self.fc3 = nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool1(F.relu(self.conv1(x)))
        x = self.pool2(F.relu(self.conv2(x)))
        x = self.flatten(x)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class ResNetBn(nn.Module):
    """BatchNorm ResNet-style CNN for 1x28x28: stem conv-BN-ReLU, one residual block, pool, conv, pool, FC."""

    def __init__(self):
        super().__init__()
        self.conv0, self.bn0 = nn.Conv2d(1, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16)
        self.conv1, self.bn1 = nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16)
        self.conv2, self.bn2 = nn.Conv2d(16, 16, 3, padding=1, bias=False), nn.BatchNorm2d(16)
        self.pool1 = nn.MaxPool2d(2)
        self.conv3, self.bn3 = nn.Conv2d(16, 32, 3, padding=1, bias=False), nn.BatchNorm2d(32)
        self.pool2 = nn.MaxPool2d(2)
        self.flatten = nn.Flatten()
        self.fc = nn.Linear(32 * 7 * 7, 10)

    def forward(self, x):
        x = F.relu(self.bn0(self.conv0(x)))
        y = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(x + self.bn2(self.conv2(y)))
        x = self.pool1(x)
        x = self.pool2(F.relu(self.bn3(self.conv3(x))))
        return self.fc(self.flatten(x))


class AutoEncoder(nn.Module):
    """MLP autoencoder 784-256-64-256-784 with a sigmoid output; MSE against the flattened input."""

    def __init__(self):
        super().__init__()
        self.enc1, self.enc2 = nn.Linear(784, 256), nn.Linear(256, 64)
        self.dec1, self.dec2 = nn.Linear(64, 256), nn.Linear(256, 784)

    def forward(self, x):
        x = torch.flatten(x, 1)
        h = F.relu(self.enc2(F.relu(self.enc1(x))))
        return torch.sigmoid(self.dec2(F.relu(self.dec1(h))))


class TinyTransformer(nn.Module):
    """One pre-LN transformer block over token ids: embedding + positions, 2-head attention (key
    without bias), erf-GELU MLP, final LayerNorm, mean over positions, linear classifier."""

    def __init__(self, vocab=16, seq=16, dim=32, heads=2, hidden=64, classes=10):
        super().__init__()
        self.heads, self.dim = heads, dim
        self.embed = nn.Embedding(vocab, dim)
        self.pos = nn.Parameter(torch.randn(seq, dim) * 0.02)
        self.ln1, self.ln2, self.ln_f = nn.LayerNorm(dim), nn.LayerNorm(dim), nn.LayerNorm(dim)
        self.q, self.k, self.v = nn.Linear(dim, dim), nn.Linear(dim, dim, bias=False), nn.Linear(dim, dim)
        self.proj = nn.Linear(dim, dim)
        self.fc1, self.fc2 = nn.Linear(dim, hidden), nn.Linear(hidden, dim)
        self.head = nn.Linear(dim, classes)

    def forward(self, tokens):
        n, t = tokens.shape
        x = self.embed(tokens) + self.pos[:t]
        h = self.ln1(x)
        d = self.dim // self.heads
        q = self.q(h).reshape(n, t, self.heads, d).transpose(1, 2)
        k = self.k(h).reshape(n, t, self.heads, d).transpose(1, 2)
        v = self.v(h).reshape(n, t, self.heads, d).transpose(1, 2)
        att = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(d), dim=-1)
        y = (att @ v).transpose(1, 2).reshape(n, t, self.dim)
        x = x + self.proj(y)
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x))))
        return self.head(self.ln_f(x).mean(dim=1))


def load_onnx_weights(module, path):
    """Copies every initializer of the reference ONNX file into the module (same names)."""
    import onnx
    from onnx import numpy_helper
    model = onnx.load(path)
    state = module.state_dict()
    for init in model.graph.initializer:
        value = torch.from_numpy(numpy_helper.to_array(init).copy())
        if init.name not in state or state[init.name].shape != value.shape:
            raise ValueError(f"{path}: initializer {init.name} {tuple(value.shape)} does not fit the torch module")
        state[init.name] = value
    module.load_state_dict(state)


def export(module, example, path, input_name, output_name):
    module.train()
    torch.onnx.export(module, example, path, opset_version=13, do_constant_folding=False, export_params=True,
                      keep_initializers_as_inputs=False, training=torch.onnx.TrainingMode.TRAINING,
                      input_names=[input_name], output_names=[output_name],
                      dynamic_axes={input_name: {0: "batch"}, output_name: {0: "batch"}})


# ---------------------------------------------------------------- timing ----------------------

def make_optimizer(name, params):
    if name == "sgd":
        return torch.optim.SGD(params, lr=0.05, foreach=False)
    if name == "sgd-momentum":
        return torch.optim.SGD(params, lr=0.01, momentum=0.9, foreach=False)
    if name == "adam":
        return torch.optim.Adam(params, lr=1e-3, foreach=False)
    raise ValueError(name)


# The second-order optimizers, with the Java bench's specs (TrainBench.optimizers): kfac lr 0.01 and
# kfac-plugin's defaults; apo-lr on SGD lr 0.01 momentum 0.9; apo-p with apo-plugin's defaults.
SECOND_ORDER = ("kfac", "apo-p", "apo-lr")
SECOND_ORDER_MODELS = ("mlp_fmnist", "lenet5_fmnist")


def make_second_order(name, module, x, target, second_x, loss_fn):
    if name == "kfac":
        return Kfac(module, lr=0.01)
    if name == "apo-p":
        return ApoP(module, x, target, second_x, loss_fn)
    if name == "apo-lr":
        return ApoLr(module, x, target, second_x, loss_fn, lr=0.01, momentum=0.9)
    raise ValueError(name)


def time_steps(module, x, target, loss_fn, optimizer, warmup, measure, budget_s):
    """Median wall time (ms) of one step, after warm-up; stops early when the time budget is spent."""
    module.train()

    def step():
        if optimizer is None:  # forward + backward alone (issue #3's measure)
            module.zero_grad(set_to_none=False)
        else:
            optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(module(x), target)
        loss.backward()
        if optimizer is not None:
            optimizer.step()

    start = time.perf_counter()
    done = 0
    while done < warmup and time.perf_counter() - start < budget_s / 2:
        step()
        done += 1
    times = []
    start = time.perf_counter()
    while len(times) < measure and (len(times) < 10 or time.perf_counter() - start < budget_s / 2):
        t0 = time.perf_counter()
        step()
        times.append((time.perf_counter() - t0) * 1e3)
    return {"median_ms": statistics.median(times), "min_ms": min(times),
            "p90_ms": sorted(times)[int(0.9 * (len(times) - 1))], "steps": len(times), "warmup": done}


def gemm_numpy(n, repeats):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    a @ b
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return {"n": n, "median_ms": med * 1e3, "gflops": 2.0 * n ** 3 / med / 1e9, "repeats": repeats}


def gemm_torch(n, repeats):
    a, b = torch.randn(n, n), torch.randn(n, n)
    torch.mm(a, b)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        torch.mm(a, b)
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    return {"n": n, "median_ms": med * 1e3, "gflops": 2.0 * n ** 3 / med / 1e9, "repeats": repeats}


def conv_lenet(warmup, measure, budget_s):
    """LeNet's conv1 + conv2 forward and backward at batch 128, input gradients included (as ND4J's
    conv2d_bp computes them), weights in ONNX layout: the Java side's ConvBench, in torch."""
    g = torch.Generator().manual_seed(3)
    x1 = torch.rand(128, 1, 28, 28, generator=g, requires_grad=True)
    x2 = torch.rand(128, 6, 14, 14, generator=g, requires_grad=True)
    w1 = torch.rand(6, 1, 5, 5, generator=g, requires_grad=True)
    w2 = torch.rand(16, 6, 5, 5, generator=g, requires_grad=True)
    b1 = torch.rand(6, generator=g, requires_grad=True)
    b2 = torch.rand(16, generator=g, requires_grad=True)
    g1, g2 = torch.rand(128, 6, 28, 28, generator=g), torch.rand(128, 16, 10, 10, generator=g)

    def fwd_bwd():
        torch.autograd.backward([F.conv2d(x1, w1, b1, padding=2), F.conv2d(x2, w2, b2)], [g1, g2])

    def fwd():
        with torch.no_grad():
            F.conv2d(x1, w1, b1, padding=2)
            F.conv2d(x2, w2, b2)

    out = {}
    for key, work in (("median_ms", fwd_bwd), ("forward_ms", fwd)):
        start, done = time.perf_counter(), 0
        while done < warmup and time.perf_counter() - start < budget_s / 2:
            work()
            done += 1
        times = []
        start = time.perf_counter()
        while len(times) < measure and (len(times) < 10 or time.perf_counter() - start < budget_s / 2):
            t0 = time.perf_counter()
            work()
            times.append((time.perf_counter() - t0) * 1e3)
        out[key] = statistics.median(times)
    return out


def numpy_blas():
    try:
        from numpy.core._multiarray_umath import __cpu_features__  # noqa: F401
        info = np.__config__.blas_opt_info if hasattr(np.__config__, "blas_opt_info") else {}
        return ",".join(info.get("libraries", [])) or "unknown"
    except Exception:  # pragma: no cover - numpy builds differ
        return "unknown"


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--reference", required=True, help="folder with the reference models/*.onnx")
    p.add_argument("--out", required=True)
    p.add_argument("--export-dir", required=True)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=1000)
    p.add_argument("--measure", type=int, default=300)
    p.add_argument("--budget", type=float, default=12.0, help="seconds per timed configuration")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--skip-second-order", action="store_true", help="time only SGD, SGD momentum and Adam")
    p.add_argument("--models", help="comma-separated subset of the models to time (default: all)")
    a = p.parse_args()
    if a.quick:
        a.warmup, a.measure, a.budget = 50, 30, 3.0
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    os.makedirs(a.export_dir, exist_ok=True)
    result = {"torch": torch.__version__, "numpy": np.__version__, "python": platform.python_version(),
              "torch_threads": torch.get_num_threads(), "torch_interop_threads": torch.get_num_interop_threads(),
              "omp_num_threads": os.environ.get("OMP_NUM_THREADS"), "numpy_blas": numpy_blas(),
              "torch_config": torch.__config__.parallel_info().splitlines()[:8], "models": {}, "exports": {}}
    print(f"torch {torch.__version__}: {torch.get_num_threads()} intra-op threads, "
          f"{torch.get_num_interop_threads()} inter-op threads", flush=True)

    gemm_repeats = 3 if a.quick else 10
    result["gemm_numpy"] = gemm_numpy(2048, gemm_repeats)
    result["gemm_torch"] = gemm_torch(2048, gemm_repeats)
    print(f"GEMM 2048 float32: numpy {result['gemm_numpy']['gflops']:.1f} GFLOP/s, "
          f"torch {result['gemm_torch']['gflops']:.1f} GFLOP/s", flush=True)

    result["conv"] = conv_lenet(max(a.warmup // 10, 10), a.measure, a.budget)
    print(f"torch conv LeNet fwd+bwd {result['conv']['median_ms']:.2f} ms, fwd {result['conv']['forward_ms']:.2f} ms",
          flush=True)

    ref = os.path.join(a.reference, "models")
    g = torch.Generator().manual_seed(1)
    fm_x = torch.rand(128, 1, 28, 28, generator=g)
    fm_y = torch.randint(0, 10, (128,), generator=g)
    fm_x2 = torch.rand(128, 1, 28, 28, generator=g)  # B' of the APO meta-steps (the Java side's "other" batch)
    tokens = torch.randint(0, 16, (64, 16), generator=g)
    tok_y = torch.randint(0, 10, (64,), generator=g)

    mlp, lenet = Mlp(), LeNet5()
    load_onnx_weights(mlp, os.path.join(ref, "mlp_fmnist.onnx"))
    load_onnx_weights(lenet, os.path.join(ref, "lenet5_fmnist.onnx"))
    resnet, auto, transformer = ResNetBn(), AutoEncoder(), TinyTransformer()
    for module, example, name, inp, out in [(resnet, fm_x[:2], "resnet_bn_fmnist", "input", "logits"),
                                            (auto, fm_x[:2], "autoencoder_fmnist", "input", "reconstruction"),
                                            (transformer, tokens[:2], "tiny_transformer", "input", "logits")]:
        path = os.path.join(a.export_dir, name + ".onnx")
        state = {k: v.clone() for k, v in module.state_dict().items()}
        export(module, example, path, inp, out)
        module.load_state_dict(state)  # the export's trace forward moved the BatchNorm running statistics
        result["exports"][name] = {"file": path, "parameters": sum(p.numel() for p in module.parameters()),
                                   "batch": 64 if name == "tiny_transformer" else 128}
    ae_loss = lambda out, x: F.mse_loss(out, torch.flatten(x, 1))  # noqa: E731
    cases = [("mlp_fmnist", mlp, fm_x, fm_y, F.cross_entropy),
             ("lenet5_fmnist", lenet, fm_x, fm_y, F.cross_entropy),
             ("resnet_bn_fmnist", resnet, fm_x, fm_y, F.cross_entropy),
             ("autoencoder_fmnist", auto, fm_x, fm_x, ae_loss),
             ("tiny_transformer", transformer, tokens, tok_y, F.cross_entropy)]
    selected = [c for c in cases if not a.models or c[0] in a.models.split(",")]
    for name, module, x, y, loss_fn in selected:
        entry = {"batch": int(x.shape[0]), "parameters": sum(p.numel() for p in module.parameters()),
                 "optimizers": {}}
        heavy = name in ("lenet5_fmnist", "resnet_bn_fmnist")
        warm = a.warmup if not heavy else max(a.warmup // 5, 20)
        state = {k: v.clone() for k, v in module.state_dict().items()}
        entry["forward_backward"] = time_steps(module, x, y, loss_fn, None, warm, a.measure, a.budget)
        module.load_state_dict(state)  # TRAIN-mode passes moved the BatchNorm running statistics
        print(f"torch {name:20s} {'fwd+bwd':13s} {entry['forward_backward']['median_ms']:8.3f} ms/step", flush=True)
        optimizers = ["sgd", "sgd-momentum", "adam"]
        if name in SECOND_ORDER_MODELS and not a.skip_second_order:
            optimizers += SECOND_ORDER
        for opt in optimizers:
            module.load_state_dict(state)  # every optimizer starts from the same weights
            if opt in SECOND_ORDER:
                optimizer = make_second_order(opt, module, x, y, fm_x2, loss_fn)
            else:
                optimizer = make_optimizer(opt, module.parameters())
            timing = time_steps(module, x, y, loss_fn, optimizer, warm, a.measure, a.budget)
            if hasattr(optimizer, "close"):
                optimizer.close()
            entry["optimizers"][opt] = timing
            print(f"torch {name:20s} {opt:13s} {timing['median_ms']:8.3f} ms/step "
                  f"({timing['steps']} steps after {timing['warmup']} warm-up)", flush=True)
        result["models"][name] = entry
    if a.threads != 1:
        torch.set_num_threads(1)
        result["models_1thread"] = {}
        for name, module, x, y, loss_fn in [c for c in cases[:2] if c in selected]:
            timing = time_steps(module, x, y, loss_fn, make_optimizer("sgd", module.parameters()),
                                a.warmup // 5, a.measure, a.budget)
            result["models_1thread"][name] = {"sgd": timing}
            print(f"torch {name:20s} sgd (1 thread) {timing['median_ms']:8.3f} ms/step", flush=True)
        torch.set_num_threads(a.threads)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"torch peak RSS {result['peak_rss_mb']:.0f} MB; wrote {a.out}", flush=True)


if __name__ == "__main__":
    sys.exit(main())

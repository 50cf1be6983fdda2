#!/usr/bin/env python3
"""Writes the held-out PyTorch TRAINING traces that host's HeldOutTraceParityTest replays through
`apo train`: four small models that are not in the shared corpus, each exported to ONNX (opset 13,
training mode, no constant folding, like shared/reference/torch), and for each of sgd, sgd_momentum,
sgd_wd and adam a 200-step float32 torch run from exactly the ONNX initializers, in the layout of
shared/reference/torch/traces (see its README.md): MODEL__batches.npy, MODEL__OPT.json, MODEL__OPT.npz.

    /usr/bin/python3 onnx-import/src/test/python/make_heldout_traces.py   (needs python3-torch, python3-onnx,
                                                                         python3-sklearn; ~1 minute)

Models and data (all real data):
  * bn_cnn_fmnist - strided conv-BN-ReLU stem, max pool, a residual conv-BN block, a strided conv-BN-ReLU,
    global average pool, linear; cross-entropy on Fashion-MNIST (1 x 28 x 28, x = byte / 255).
  * autoencoder_fmnist - dense 784-32-16-32-784 (ReLU, linear code); the output is the logits of the
    reconstruction (sigmoid(output) = pixels), trained with BCE-with-logits against the input itself.
  * mlp_diabetes - 10-32-32-1 ReLU regression with MSE on scikit-learn's diabetes data (442 patients,
    10 baseline variables -> disease progression after one year). sklearn ships its features centred
    and divided by std * sqrt(442); the run config multiplies them by sqrt(442) (`scale`) to get unit
    variance and standardises the target with the training split's mean and std (`target-standardise`).
  * tiny_transformer_fmnist - the bench's pre-LN transformer block (embedding + positions, 2-head
    attention, decomposed LayerNorm, erf-GELU MLP, mean over positions, linear) classifying
    Fashion-MNIST images read as 16 tokens: the 4 x 4 grid of 7 x 7 pixel-block means, quantised to 16
    levels (token = min(15, floor(mean / 256 * 16))); test split: the first 512 test records.
Fashion-MNIST is the first 2048 training / 1024 test records, i.e. exactly the subset embedded in the
host jar (data: {format: embedded}); when /usr/share/datasets/fashion-mnist is installed its records
are checked to be the same bytes.

Every trace is also rerun in float64 from the same weights and batches (`train_loss_f64` in the JSON):
where float32 and float64 torch part by more than 1e-4, float32 rounding alone (e.g. a ReLU
pre-activation within round-off of zero) decides the trajectory, and no other float32
implementation can be expected to follow the reference further.
The tests only read the files; they never need PyTorch."""
import gzip
import hashlib
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", "..", ".."))
sys.path.insert(0, os.path.join(REPO, "bench", "python"))
from torch_bench import TinyTransformer, export, load_onnx_weights  # noqa: E402

OUT = os.path.join(REPO, "host", "src", "test", "resources", "heldout-traces")
EMBEDDED = os.path.join(REPO, "host", "src", "main", "resources", "io", "apo4j", "host", "data", "fmnist")
SYSTEM = "/usr/share/datasets/fashion-mnist"
STEPS = 200
TOKEN_TEST = 512  # test records of the token data (evaluation cost)
OPTIMIZERS = {
    "sgd": {"torch_class": "torch.optim.SGD", "lr": 0.05, "momentum": 0.0, "dampening": 0.0, "nesterov": False,
            "weight_decay": 0.0},
    "sgd_momentum": {"torch_class": "torch.optim.SGD", "lr": 0.01, "momentum": 0.9, "dampening": 0.0,
                     "nesterov": False, "weight_decay": 0.0},
    "sgd_wd": {"torch_class": "torch.optim.SGD", "lr": 0.05, "momentum": 0.0, "dampening": 0.0, "nesterov": False,
               "weight_decay": 5e-4},
    "adam": {"torch_class": "torch.optim.Adam", "lr": 1e-3, "betas": [0.9, 0.999], "eps": 1e-8,
             "weight_decay": 0.0, "amsgrad": False},
}


# ---------------------------------------------------------------- models ----------------------

class BnCnn(nn.Module):
    """Conv(1,8,stride 2)-BN-ReLU-MaxPool2 (7 x 7), residual [Conv(8,8)-BN-ReLU-Conv(8,8)-BN] + skip, ReLU,
    Conv(8,16,stride 2)-BN-ReLU (4 x 4), GlobalAveragePool, Linear(16,10). Convs without bias (BN follows)."""

    def __init__(self):
        super().__init__()
        self.conv0, self.bn0 = nn.Conv2d(1, 8, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(8)
        self.pool = nn.MaxPool2d(2)
        self.conv1, self.bn1 = nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8)
        self.conv2, self.bn2 = nn.Conv2d(8, 8, 3, padding=1, bias=False), nn.BatchNorm2d(8)
        self.conv3, self.bn3 = nn.Conv2d(8, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16)
        self.gap, self.flatten, self.fc = nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(16, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.bn0(self.conv0(x))))
        y = F.relu(self.bn1(self.conv1(x)))
        x = F.relu(x + self.bn2(self.conv2(y)))
        x = F.relu(self.bn3(self.conv3(x)))
        return self.fc(self.flatten(self.gap(x)))


class AutoEncoder(nn.Module):
    """784-32-16-32-784 on flattened images; returns reconstruction logits (BCE-with-logits)."""

    def __init__(self):
        super().__init__()
        self.enc1, self.enc2 = nn.Linear(784, 32), nn.Linear(32, 16)
        self.dec1, self.dec2 = nn.Linear(16, 32), nn.Linear(32, 784)

    def forward(self, x):
        code = self.enc2(F.relu(self.enc1(x)))
        return self.dec2(F.relu(self.dec1(code)))


class RegressionMlp(nn.Module):
    """10-32-32-1 with ReLU (diabetes progression)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2, self.fc3 = nn.Linear(10, 32), nn.Linear(32, 32), nn.Linear(32, 1)

    def forward(self, x):
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


# ---------------------------------------------------------------- data ------------------------

def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_mnist():
    """The embedded subset (first 2048 train, 1024 test records), checked against the system files if present."""
    out = {}
    for split, prefix, n in [("train", "train", 2048), ("test", "t10k", 1024)]:
        images = read_idx(os.path.join(EMBEDDED, f"{prefix}-first{n}-images-idx3-ubyte.gz"))
        labels = read_idx(os.path.join(EMBEDDED, f"{prefix}-first{n}-labels-idx1-ubyte.gz"))
        system = os.path.join(SYSTEM, f"{prefix}-images-idx3-ubyte.gz")
        if os.path.exists(system):
            assert np.array_equal(read_idx(system)[:n], images), "embedded subset differs from " + system
            assert np.array_equal(read_idx(os.path.join(SYSTEM, f"{prefix}-labels-idx1-ubyte.gz"))[:n], labels)
        x = images.astype(np.float32) / np.float32(255)  # one float32 division, as the Java loader does
        out[split] = (x.reshape(n, 1, 28, 28), labels.astype(np.int64), images)
    return out


def tokens(images):
    """4 x 4 grid of 7 x 7 block means of the raw bytes, quantised to 16 levels: N x 16 int64 token ids."""
    blocks = images.reshape(-1, 4, 7, 4, 7).astype(np.float64).mean(axis=(2, 4))
    return np.minimum(15, np.floor(blocks / 256 * 16)).astype(np.int64).reshape(-1, 16)


def write_csv(path, features, target, header):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        for row, t in zip(features, target):
            f.write(",".join(repr(v.item()) for v in row) + "," + repr(t.item()) + "\n")


def diabetes():
    from sklearn.datasets import load_diabetes
    d = load_diabetes()
    perm = np.random.default_rng(0).permutation(len(d.target))
    test, train = np.sort(perm[:88]), np.sort(perm[88:])
    header = [f"f{i}" for i in range(10)] + ["target"]
    write_csv(os.path.join(OUT, "data", "diabetes_train.csv"), d.data[train], d.target[train], header)
    write_csv(os.path.join(OUT, "data", "diabetes_test.csv"), d.data[test], d.target[test], header)
    scale = math.sqrt(len(d.target))
    y_train32 = d.target[train].astype(np.float32)
    mean, std = float(y_train32.astype(np.float64).mean()), float(y_train32.astype(np.float64).std())
    prep = {}
    for split, rows in [("train", train), ("test", test)]:
        # exactly the Java preparation: parse as double, round to float32, then (float)(x * scale) and
        # (float)((y - mean) / std) computed in double
        x = (d.data[rows].astype(np.float32).astype(np.float64) * scale).astype(np.float32)
        y = ((d.target[rows].astype(np.float32).astype(np.float64) - mean) / std).astype(np.float32)
        prep[split] = (x, y.reshape(-1, 1))
    spec = {"format": "csv", "target": "target", "target-type": "float", "scale": scale,
            "target-standardise": {"mean": mean, "std": std}}
    data = {"train": dict(spec, path="data/diabetes_train.csv"), "test": dict(spec, path="data/diabetes_test.csv")}
    about = {"source": "sklearn.datasets.load_diabetes() (scikit-learn 1.2, scaled features)",
             "split": "perm = numpy.random.default_rng(0).permutation(442); test = sorted(perm[:88]), "
                      "train = sorted(perm[88:])", "train_rows": int(len(train)), "test_rows": int(len(test)),
             "preparation": "x = float32(float32(csv) * sqrt(442)); y = float32((float32(target) - mean) / std) "
                            "with the training split's mean and population std, in double"}
    return prep, data, about


def batch_order(n, batch, seed):
    rng = np.random.default_rng(seed)
    rows = []
    while len(rows) < STEPS:
        perm = rng.permutation(n)
        rows.extend(perm[i * batch:(i + 1) * batch] for i in range(n // batch))
    return np.stack(rows[:STEPS]).astype(np.int32)


# ---------------------------------------------------------------- export and runs -------------

def export_model(name, module, example, output_name):
    """Training-mode export; the BatchNorm running statistics are reset to their initial values (the
    exporter's trace forward moved them) and the module then reloaded from the file's initializers."""
    path = os.path.join(OUT, "models", name + ".onnx")
    initial = {k: v.clone() for k, v in module.state_dict().items()}
    export(module, example, path, "input", output_name)
    model = onnx.load(path)
    for init in model.graph.initializer:
        if init.name in initial:
            init.CopyFrom(numpy_helper.from_array(initial[init.name].numpy(), init.name))
    onnx.save(model, path)
    names = [i.name for i in model.graph.initializer]
    missing = [n for n, _ in module.named_parameters() if n not in names]
    assert not missing, f"{name}: parameters not exported as initializers: {missing}"
    return path, names


def from_onnx(factory, path, names, dtype):
    torch.manual_seed(12345)  # a different init: everything must come from the file
    module = factory()
    load_onnx_weights(module, path)
    state = module.state_dict()
    model = onnx.load(path)
    for init in model.graph.initializer:
        assert torch.equal(state[init.name], torch.from_numpy(numpy_helper.to_array(init).copy()))
    return module.to(dtype)


def make_optimizer(cfg, params):
    if cfg["torch_class"] == "torch.optim.SGD":
        return torch.optim.SGD(params, lr=cfg["lr"], momentum=cfg["momentum"], weight_decay=cfg["weight_decay"],
                               foreach=False)
    return torch.optim.Adam(params, lr=cfg["lr"], betas=tuple(cfg["betas"]), eps=cfg["eps"], foreach=False)


def evaluate(module, test, loss_fn, classes):
    module.eval()
    with torch.no_grad():
        out = module(test[0])
        entry = {"test_loss": loss_fn(out, test[1]).item()}
        if classes:
            correct = int((out.argmax(dim=1) == test[1]).sum())
            entry.update(test_accuracy=correct / len(test[1]), test_correct=correct)
    module.train()
    return entry


def run(spec, opt, dtype):
    module = from_onnx(spec["factory"], spec["path"], spec["names"], dtype)
    train = [torch.from_numpy(a) for a in spec["train"]]
    test = [torch.from_numpy(a) for a in spec["test"]]
    if dtype == torch.float64:
        train = [a.double() if a.is_floating_point() else a for a in train]
        test = [a.double() if a.is_floating_point() else a for a in test]
    optimizer = make_optimizer(OPTIMIZERS[opt], module.parameters())
    loss_fn, batches = spec["loss_fn"], torch.from_numpy(spec["batches"].astype(np.int64))
    losses, norms, evals = [], [], []
    module.train()
    for t in range(STEPS):
        if t % 50 == 0:
            evals.append(dict(step=t, **evaluate(module, test, loss_fn, spec["classes"])))
        rows = batches[t]
        optimizer.zero_grad()
        loss = loss_fn(module(train[0][rows]), train[1][rows])
        loss.backward()
        losses.append(loss.item())
        norms.append(math.sqrt(sum(float((p.grad.double() ** 2).sum()) for p in module.parameters())))
        optimizer.step()
    evals.append(dict(step=STEPS, **evaluate(module, test, loss_fn, spec["classes"])))
    state = module.state_dict()
    final = {n: state[n].detach().to(dtype).numpy().copy() for n in spec["names"]}
    return losses, norms, evals, final


def trace(name, spec, opt):
    losses, norms, evals, final = run(spec, opt, torch.float32)
    losses64, _, _, final64 = run(spec, opt, torch.float64)
    rel = [abs(a - b) / abs(b) for a, b in zip(losses, losses64)]
    first = next((t for t, r in enumerate(rel) if r > 1e-4), None)
    param64 = max(float(np.abs(final[n] - final64[n]).max() / np.abs(final64[n]).max()) for n in final)
    state_file = f"traces/{name}__{opt}.npz"
    np.savez(os.path.join(OUT, state_file), **final)
    extra = {}
    if first is not None:  # float32 rounding decides this trajectory: keep the float64 end state for a float64 replay
        extra["final_state_f64_file"] = f"traces/{name}__{opt}_f64.npz"
        np.savez(os.path.join(OUT, extra["final_state_f64_file"]), **final64)
    doc = {"model": name, "optimizer": opt, "steps": STEPS, "batch_size": int(spec["batches"].shape[1]),
           "dtype": "float32", "train_loss": losses, "grad_norm": norms, "eval": evals,
           "optimizer_config": OPTIMIZERS[opt], "onnx_sha256": spec["sha256"],
           "batch_order_file": f"traces/{name}__batches.npy", "final_state_file": state_file,
           "train_loss_f64": losses64,
           "f32_vs_f64": {"worst_loss_rel": max(rel), "first_step_over_1e-4": first, "worst_final_param_rel": param64,
                          "note": "torch float32 (this trace) against torch float64 from the same file and batches"},
           **extra}
    with open(os.path.join(OUT, "traces", f"{name}__{opt}.json"), "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
    print(f"{name:24s} {opt:13s} loss {losses[0]:.4f} -> {losses[-1]:.4f}   f32 vs f64: worst loss rel {max(rel):.2e}"
          f" (first > 1e-4: {first}), final params {param64:.2e}", flush=True)


def describe(name, spec, module, example, out_name, about):
    model = onnx.load(spec["path"])
    doc = {"model": name, "file": f"models/{name}.onnx", "sha256": spec["sha256"], "torch": torch.__version__,
           "onnx": onnx.__version__, "opset": model.opset_import[0].version, "input": "input",
           "input_dtype": str(example.dtype).replace("torch.", ""), "example_shape": list(example.shape[1:]),
           "output": out_name, "loss": spec["loss"], "batch_size": int(spec["batches"].shape[1]),
           "parameters": {n: list(p.shape) for n, p in module.named_parameters()},
           "parameter_count": sum(p.numel() for p in module.parameters()),
           "buffers": sorted(n for n in spec["names"] if "running" in n),
           "op_types": sorted({n.op_type for n in model.graph.node}),
           "data": spec["data"], "about_data": about,
           "export": "torch.onnx.export opset 13, TrainingMode.TRAINING, do_constant_folding=False; BatchNorm "
                     "running statistics reset to 0 / 1 after export (the trace forward moved them)"}
    with open(os.path.join(OUT, "models", name + ".json"), "w") as f:
        json.dump(doc, f, indent=1)


def main():
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    for d in ("models", "traces", "data"):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
    fm = fashion_mnist()
    fm_about = {"source": "Fashion-MNIST, first 2048 train / 1024 t10k records = the host jar's embedded subset",
                "preparation": "x = float32(byte) / 255f"}
    embedded = {"train": {"format": "embedded", "split": "train"}, "test": {"format": "embedded", "split": "test"}}
    tok_train, tok_test = tokens(fm["train"][2]), tokens(fm["test"][2][:TOKEN_TEST])
    header = [f"t{i}" for i in range(16)] + ["label"]
    write_csv(os.path.join(OUT, "data", "fmnist_tokens_train.csv"), tok_train, fm["train"][1], header)
    write_csv(os.path.join(OUT, "data", "fmnist_tokens_test.csv"), tok_test, fm["test"][1][:TOKEN_TEST], header)
    tok_spec = {"format": "csv", "target": "label", "input-type": "int64"}
    reg, reg_data, reg_about = diabetes()
    flat = {s: (fm[s][0].reshape(-1, 784), fm[s][0].reshape(-1, 784)) for s in ("train", "test")}
    ae_data = {s: dict(embedded[s], target="input") for s in ("train", "test")}
    mse = lambda out, y: F.mse_loss(out, y)  # noqa: E731
    cases = [
        ("bn_cnn_fmnist", BnCnn, 1, "logits", "cross-entropy", F.cross_entropy, True, 32,
         {s: fm[s][:2] for s in fm}, embedded, fm_about),
        ("autoencoder_fmnist", AutoEncoder, 2, "reconstruction_logits", "bce-with-logits",
         F.binary_cross_entropy_with_logits, False, 64, flat, ae_data, fm_about),
        ("mlp_diabetes", RegressionMlp, 3, "prediction", "mse", mse, False, 32, reg, reg_data, reg_about),
        ("tiny_transformer_fmnist", TinyTransformer, 4, "logits", "cross-entropy", F.cross_entropy, True, 32,
         {"train": (tok_train, fm["train"][1]), "test": (tok_test, fm["test"][1][:TOKEN_TEST])},
         {"train": dict(tok_spec, path="data/fmnist_tokens_train.csv"),
          "test": dict(tok_spec, path="data/fmnist_tokens_test.csv")},
         dict(fm_about, tokens="4 x 4 grid of 7 x 7 block means of the bytes, token = min(15, floor(mean / 16))")),
    ]
    only = set(sys.argv[1:])
    for name, factory, seed, out_name, loss_id, loss_fn, classes, batch, arrays, data, about in cases:
        if only and name not in only:
            continue
        torch.manual_seed(seed)
        module = factory()
        example = torch.from_numpy(arrays["train"][0][:2])
        path, names = export_model(name, module, example, out_name)
        with open(path, "rb") as f:
            sha = hashlib.sha256(f.read()).hexdigest()
        batches = batch_order(len(arrays["train"][0]), batch, seed)
        np.save(os.path.join(OUT, "traces", f"{name}__batches.npy"), batches)
        spec = {"factory": factory, "path": path, "names": names, "sha256": sha, "loss": loss_id, "loss_fn": loss_fn,
                "classes": classes, "train": arrays["train"], "test": arrays["test"], "batches": batches,
                "data": data}
        describe(name, spec, module, example, out_name, about)
        for opt in OPTIMIZERS:
            trace(name, spec, opt)


if __name__ == "__main__":
    main()

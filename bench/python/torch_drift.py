#!/usr/bin/env python3
"""PyTorch's own float32-vs-float64 drift on the reference traces that the parity tests compare.

For every 200-step trace of the shared corpus (shared/reference/torch/traces: mlp_fmnist, mlp_digits,
lenet5_fmnist with sgd, sgd_momentum, adam, and sgd_wd for mlp_fmnist) this reruns the corpus protocol
(traces/README.md: the ONNX file's initializers, the same batch order, loss and torch 1.13 optimizer,
evaluation on the test split every 50 updates) twice: in float32 and in float64 (the float32
initializers and inputs widened exactly). The float64 run is the reference trajectory up to ~1e-16
round-off; the float32 run's distance from it is how far float32 round-off alone moves a correct
implementation, step by step. The Java tests derive their float32 tolerances from that drift and
compare their own float64 runs with the float64 losses (testkit's io.apo4j.testkit.drift.TorchDrift).

Writes one small JSON per trace into testkit/src/main/resources/io/apo4j/testkit/drift/MODEL__OPT.json:
train_loss_f32 / train_loss_f64 (loss of batch t before update t), eval (test loss and accuracy
at steps 0, 50, ..., 200 in both types), final_param_drift (max over tensors of
max|p32 - p64| / max|p64| after the last update) and how this float32 rerun compares with the
corpus' own float32 trace (reference_f32_worst_rel).

  /usr/bin/python3 bench/python/torch_drift.py [MODEL__OPT ...]   (python3-torch, python3-onnx; ~2 minutes)
  /usr/bin/python3 bench/python/torch_drift.py --check            (writes nothing: prints how this machine's
                                                                  runs differ from the committed files)

The committed files were made with Debian's python3-torch 1.13 on OpenBLAS (libopenblas0-pthread) with
the machine's default kernel, 2 threads. Whether torch's float32 run itself moves with the OpenBLAS
kernel can be seen with e.g. OPENBLAS_CORETYPE=Haswell ... --check.
"""
import argparse
import gzip
import json
import math
import os
import subprocess
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from torch_bench import LeNet5, Mlp  # noqa: E402

OUT = os.path.join(REPO, "testkit", "src", "main", "resources", "io", "apo4j", "testkit", "drift")
STEPS = 200
# OpenBLAS kernels of the float32 realizations: AVX2 (Haswell; also what OpenBLAS uses on Zen) and AVX-512
# (SkylakeX; the corpus traces are bit for bit this kernel's run). Their summation orders differ, so where
# one run meets a ReLU tie the other may not: the envelope of their drifts is what a correct float32
# implementation may show.
KERNELS = ["Haswell", "SkylakeX"]
EVAL_EVERY = 50


class DigitsMlp(torch.nn.Module):
    """Linear(64,64)-ReLU-Linear(64,10) (mlp_digits)."""

    def __init__(self):
        super().__init__()
        self.fc1, self.fc2 = torch.nn.Linear(64, 64), torch.nn.Linear(64, 10)

    def forward(self, x):
        return self.fc2(F.relu(self.fc1(x)))


MODELS = {"mlp_fmnist": (Mlp, "fmnist"), "lenet5_fmnist": (LeNet5, "fmnist"), "mlp_digits": (DigitsMlp, "digits")}
TRACES = ["mlp_fmnist__sgd", "mlp_fmnist__sgd_momentum", "mlp_fmnist__adam", "mlp_fmnist__sgd_wd",
          "mlp_digits__sgd", "mlp_digits__sgd_momentum", "mlp_digits__adam",
          "lenet5_fmnist__sgd", "lenet5_fmnist__sgd_momentum", "lenet5_fmnist__adam"]


def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * d:8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def dataset(reference, kind):
    """(train images, train labels), (test images, test labels) with the corpus' preprocessing."""
    if kind == "fmnist":
        d = os.path.join(reference, "data", "fmnist")
        splits = []
        for prefix, n in [("train", 2048), ("t10k", 1024)]:
            x = read_idx(os.path.join(d, f"{prefix}-first{n}-images-idx3-ubyte.gz")).astype(np.float32) / np.float32(255)
            y = read_idx(os.path.join(d, f"{prefix}-first{n}-labels-idx1-ubyte.gz")).astype(np.int64)
            splits.append((torch.from_numpy(x.reshape(n, 1, 28, 28)), torch.from_numpy(y)))
        return splits
    splits = []
    for name in ("digits_train.csv", "digits_test.csv"):
        table = np.loadtxt(os.path.join(reference, "data", name), delimiter=",", skiprows=1, dtype=np.int64)
        x = table[:, :-1].astype(np.float32) / np.float32(16)  # exact in float32
        splits.append((torch.from_numpy(x), torch.from_numpy(table[:, -1].copy())))
    return splits


def module_from_onnx(factory, path, dtype):
    torch.manual_seed(12345)  # a different init: every value must come from the file
    module = factory()
    state = module.state_dict()
    for init in onnx.load(path).graph.initializer:
        value = torch.from_numpy(numpy_helper.to_array(init).copy())
        assert state[init.name].shape == value.shape, init.name
        state[init.name] = value
    module.load_state_dict(state)
    for init in onnx.load(path).graph.initializer:
        assert torch.equal(module.state_dict()[init.name], torch.from_numpy(numpy_helper.to_array(init).copy()))
    return module.to(dtype)


def optimizer_for(config, params):
    if config["torch_class"] == "torch.optim.SGD":
        return torch.optim.SGD(params, lr=config["lr"], momentum=config["momentum"],
                               weight_decay=config["weight_decay"], foreach=False)
    assert config["torch_class"] == "torch.optim.Adam" and not config.get("amsgrad", False)
    return torch.optim.Adam(params, lr=config["lr"], betas=tuple(config["betas"]), eps=config["eps"],
                            weight_decay=config.get("weight_decay", 0.0), foreach=False)


def evaluate(module, test):
    module.eval()
    with torch.no_grad():
        logits = module(test[0])
        loss = F.cross_entropy(logits, test[1]).item()
        correct = int((logits.argmax(dim=1) == test[1]).sum())
    module.train()
    return loss, correct / len(test[1])


def run(factory, onnx_path, data, batches, config, dtype):
    """The corpus protocol in one element type: per-step losses, evaluations, final parameters."""
    module = module_from_onnx(factory, onnx_path, dtype)
    (train_x, train_y), test = data
    train_x, test = train_x.to(dtype), (test[0].to(dtype), test[1])
    optimizer = optimizer_for(config, module.parameters())
    losses, evals = [], []
    module.train()
    for t in range(STEPS):
        if t % EVAL_EVERY == 0:
            evals.append(evaluate(module, test))
        rows = batches[t]
        optimizer.zero_grad()
        loss = F.cross_entropy(module(train_x[rows]), train_y[rows])
        loss.backward()
        losses.append(loss.item())
        optimizer.step()
    evals.append(evaluate(module, test))
    return losses, evals, {n: p.detach().double().numpy().copy() for n, p in module.named_parameters()}


def inputs(reference, trace):
    model, _ = trace.split("__")
    factory, kind = MODELS[model]
    with open(os.path.join(reference, "traces", trace + ".json")) as f:
        corpus = json.load(f)
    batches = torch.from_numpy(np.load(os.path.join(reference, "traces", model + "__batches.npy")).astype(np.int64))
    return (factory, os.path.join(reference, "models", model + ".onnx"), dataset(reference, kind), batches,
            corpus["optimizer_config"]), corpus


def float32_in_subprocess(reference, trace, kernel):
    """The float32 run in a fresh interpreter whose OpenBLAS uses {@code kernel} (read when it loads)."""
    env = dict(os.environ, OPENBLAS_CORETYPE=kernel)
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--reference", reference, "--float32-run", trace],
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def relative_max(ours, ref):
    """max over tensors of max|ours - ref| / max|ref|."""
    return max(float(np.abs(ours[n] - ref[n]).max() / np.abs(ref[n]).max()) for n in ref)


def drift(reference, trace):
    args, corpus = inputs(reference, trace)
    loss64, eval64, final64 = run(*args, torch.float64)
    model, opt = trace.split("__")
    with np.load(os.path.join(reference, corpus["final_state_file"])) as z:
        corpus_final = {n: z[n].astype(np.float64) for n in z.files}
    doc = {
        "model": model, "optimizer": opt, "steps": STEPS, "torch": torch.__version__,
        "generator": "bench/python/torch_drift.py", "reference_trace": f"traces/{trace}.json",
        "test_examples": len(args[2][1][1]), "kernels": KERNELS,
        "reference_final_param_drift": relative_max(corpus_final, final64),
        "train_loss_f64": loss64,
        "eval_f64": [{"step": i * EVAL_EVERY, "test_loss": e[0], "test_accuracy": e[1]} for i, e in enumerate(eval64)],
        "float32": {},
    }
    for kernel in KERNELS:
        f32 = float32_in_subprocess(reference, trace, kernel)
        final32 = {n: np.array(v) for n, v in f32.pop("final").items()}
        doc["float32"][kernel] = dict(f32, final_param_drift=relative_max(final32, final64),
                                      reference_worst_rel=max(abs(a - b) / abs(b) for a, b in
                                                              zip(f32["train_loss"], corpus["train_loss"])))
    return doc


def float32_run(reference, trace):
    args, _ = inputs(reference, trace)
    losses, evals, final = run(*args, torch.float32)
    json.dump({"train_loss": losses, "eval": [{"test_loss": e[0], "test_accuracy": e[1]} for e in evals],
               "final": {n: v.tolist() for n, v in final.items()}}, sys.stdout)


def summary(doc):
    parts = []
    for kernel, f32 in doc["float32"].items():
        rel = [abs(a - b) / abs(b) for a, b in zip(f32["train_loss"], doc["train_loss_f64"])]
        first = next((t for t, r in enumerate(rel) if r > 1e-4), None)
        parts.append(f"{kernel}: step 0 {rel[0]:.1e}, steps 0-99 {max(rel[:100]):.1e}, all {max(rel):.1e}"
                     f" (first > 1e-4: {first}), final params {f32['final_param_drift']:.1e},"
                     f" vs corpus trace {f32['reference_worst_rel']:.1e}")
    return "torch f32 vs f64 - " + "; ".join(parts)


def write(doc, path):
    """Compact JSON: float32 values with the 9 digits that identify them, float64 with all 17."""
    def f32(values):
        return "[" + ",".join(f"{v:.9g}" for v in values) + "]"

    def f64(values):
        return "[" + ",".join(repr(v) for v in values) + "]"

    head = {k: v for k, v in doc.items() if k not in ("train_loss_f64", "eval_f64", "float32")}
    lines = [json.dumps(head)[:-1] + ",", f'"train_loss_f64":{f64(doc["train_loss_f64"])},',
             '"eval_f64":' + json.dumps(doc["eval_f64"]) + ",", '"float32":{']
    runs = []
    for kernel, r in doc["float32"].items():
        evals = ",".join('{"test_loss":%.9g,"test_accuracy":%r}' % (e["test_loss"], e["test_accuracy"])
                         for e in r["eval"])
        runs.append(f'"{kernel}":{{"final_param_drift":{r["final_param_drift"]!r},'
                    f'"reference_worst_rel":{r["reference_worst_rel"]!r},\n"eval":[{evals}],\n'
                    f'"train_loss":{f32(r["train_loss"])}}}')
    lines.append(",\n".join(runs) + "}}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def check(doc, path):
    with open(path) as f:
        old = json.load(f)
    worst = lambda a, b: max(abs(x - y) / abs(y) for x, y in zip(a, b))  # noqa: E731
    parts = [f"f64 {worst(doc['train_loss_f64'], old['train_loss_f64']):.1e}"]
    parts += [f"{k} {worst(r['train_loss'], old['float32'][k]['train_loss']):.1e}" for k, r in doc["float32"].items()
              if k in old["float32"]]
    return "this machine vs committed losses: " + ", ".join(parts)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("traces", nargs="*", default=TRACES, help="MODEL__OPT (default: all)")
    p.add_argument("--reference", default=os.path.join(REPO, "..", "shared", "reference", "torch"))
    p.add_argument("--check", action="store_true", help="compare with the committed files, write nothing")
    p.add_argument("--float32-run", metavar="MODEL__OPT", help=argparse.SUPPRESS)  # one realization, JSON on stdout
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    if a.float32_run:
        float32_run(a.reference, a.float32_run)
        return
    os.makedirs(OUT, exist_ok=True)
    for trace in a.traces:
        doc = drift(a.reference, trace)
        path = os.path.join(OUT, trace + ".json")
        if a.check:
            print(f"{trace:26s} {summary(doc)}; {check(doc, path)}", flush=True)
        else:
            write(doc, path)
            print(f"{trace:26s} {summary(doc)}", flush=True)


if __name__ == "__main__":
    main()

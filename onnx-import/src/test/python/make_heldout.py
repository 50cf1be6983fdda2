#!/usr/bin/env python3
"""Writes the held-out PyTorch references of onnx-import's tests: a BatchNorm ResNet-style CNN and a
small pre-LN transformer (the bench's architectures, bench/python/torch_bench.py), exported to ONNX
in training mode, with one input batch, targets, and torch's float64 outputs (TRAIN and EVAL mode),
cross-entropy loss, parameter gradients and BatchNorm running statistics after the TRAIN pass.

    /usr/bin/python3 onnx-import/src/test/python/make_heldout.py   (needs Debian's python3-torch, python3-onnx)

The tests only read the files; they never need PyTorch."""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "..", "bench", "python"))
from torch_bench import ResNetBn, TinyTransformer, export, load_onnx_weights  # noqa: E402

OUT = os.path.join(HERE, "..", "resources", "heldout")


def write(name, module, x, y):
    path = os.path.join(OUT, name + ".onnx")
    export(module, x[:2], path, "input", "logits")
    load_onnx_weights(module, path)  # the file's values exactly (the export's trace moved BatchNorm's statistics)
    m64 = module.double()
    xin = x.double() if x.is_floating_point() else x
    m64.eval()
    with torch.no_grad():
        eval_out = m64(xin)
    m64.train()
    out = m64(xin)
    loss = F.cross_entropy(out, y)
    m64.zero_grad()
    loss.backward()
    grads = {n: p.grad.numpy() for n, p in m64.named_parameters()}
    buffers = {n: b.numpy() for n, b in m64.named_buffers() if not n.endswith("num_batches_tracked")}
    np.save(os.path.join(OUT, name + "__input.npy"), x.numpy())
    np.save(os.path.join(OUT, name + "__target.npy"), y.numpy())
    np.save(os.path.join(OUT, name + "__output_train_f64.npy"), out.detach().numpy())
    np.save(os.path.join(OUT, name + "__output_eval_f64.npy"), eval_out.numpy())
    np.savez(os.path.join(OUT, name + "__grads_f64.npz"), **grads)
    if buffers:
        np.savez(os.path.join(OUT, name + "__buffers_after_f64.npz"), **buffers)
    return {"loss_f64": loss.item(), "parameters": sum(p.numel() for p in module.parameters()),
            "batch": int(x.shape[0]), "buffers": sorted(buffers)}


def main():
    os.makedirs(OUT, exist_ok=True)
    torch.manual_seed(7)
    g = torch.Generator().manual_seed(11)
    meta = {"torch": torch.__version__, "note": "written by make_heldout.py; do not edit"}
    meta["resnet_bn_fmnist"] = write("resnet_bn_fmnist", ResNetBn(), torch.rand(8, 1, 28, 28, generator=g),
                                     torch.randint(0, 10, (8,), generator=g))
    meta["tiny_transformer"] = write("tiny_transformer", TinyTransformer(), torch.randint(0, 16, (6, 16), generator=g),
                                     torch.randint(0, 10, (6,), generator=g))
    with open(os.path.join(OUT, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)


if __name__ == "__main__":
    main()

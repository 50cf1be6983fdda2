"""PyTorch-exported model cases in ONNX backend-test layout: a proxy for ONNX's pytorch-converted
and pytorch-operator model tests (old PyTorch exports of nn modules and tensor operators).

Each module of MODULES is exported with torch.onnx at every opset of --opsets (default 9 and 13),
fed a seeded input, and its PyTorch output written as the expected output_0.pb:

    /usr/bin/python3 onnx-import/src/test/python/gen_torch_models.py --out /tmp/torchgen
    ./apo conformance /tmp/torchgen --out /tmp/torchgen-out | tail -1

Needs torch (1.13 here) and onnx; nothing is written into the repository.
"""
import argparse
import io
import os
import shutil

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper


class Fn(nn.Module):
    def __init__(self, f):
        super().__init__()
        self.f = f

    def forward(self, *xs):
        return self.f(*xs)


def modules():
    s = torch.manual_seed(0)
    del s
    return {
        "AvgPool1d_stride": (nn.AvgPool1d(3, stride=2), (2, 3, 9)),
        "AvgPool2d_ceil_no_pad_count": (nn.AvgPool2d(3, 2, padding=1, ceil_mode=True, count_include_pad=False), (1, 2, 6, 6)),
        "AvgPool3d_stride1_pad0": (nn.AvgPool3d(3, stride=1, padding=0), (1, 2, 5, 5, 5)),
        "BatchNorm1d_3d_input_eval": (nn.BatchNorm1d(3).eval(), (2, 3, 5)),
        "BatchNorm3d_momentum_eval": (nn.BatchNorm3d(2, momentum=0.3).eval(), (2, 2, 3, 3, 3)),
        "ConstantPad2d": (nn.ConstantPad2d((1, 2, 3, 0), 3.5), (1, 2, 4, 4)),
        "ReflectionPad2d": (nn.ReflectionPad2d((2, 1, 1, 2)), (1, 2, 4, 5)),
        "ReplicationPad3d": (nn.ReplicationPad3d(1), (1, 1, 3, 3, 3)),
        "ZeroPad2d": (nn.ZeroPad2d((2, 2, 1, 0)), (1, 2, 3, 3)),
        "Conv1d_dilated_groups": (nn.Conv1d(4, 6, 3, dilation=2, groups=2), (2, 4, 11)),
        "Conv2d_depthwise_with_multiplier": (nn.Conv2d(3, 6, 3, groups=3, padding=1), (1, 3, 6, 6)),
        "Conv2d_no_bias_strided": (nn.Conv2d(2, 4, (3, 2), stride=(2, 1), bias=False), (1, 2, 7, 6)),
        "Conv3d_dilated_strided": (nn.Conv3d(2, 3, 2, dilation=2, stride=2), (1, 2, 7, 7, 7)),
        "ConvTranspose2d_output_padding": (nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1), (1, 3, 4, 4)),
        "ConvTranspose1d_groups": (nn.ConvTranspose1d(4, 4, 3, groups=2, bias=False), (2, 4, 5)),
        "ELU_alpha": (nn.ELU(0.5), (3, 4)),
        "GLU_dim": (nn.GLU(dim=1), (2, 6, 3)),
        "Hardtanh": (nn.Hardtanh(-0.5, 0.8), (3, 5)),
        "ReLU6": (nn.ReLU6(), (3, 5)),
        "LeakyReLU_with_negval": (nn.LeakyReLU(0.3), (3, 5)),
        "Linear": (nn.Linear(5, 3), (4, 5)),
        "LogSoftmax_dim1": (nn.LogSoftmax(dim=1), (2, 4, 3)),
        "MaxPool1d_stride_padding_dilation": (nn.MaxPool1d(3, stride=2, padding=1, dilation=2), (2, 3, 11)),
        "MaxPool2d_ceil": (nn.MaxPool2d(3, 2, ceil_mode=True), (1, 2, 8, 8)),
        "MaxPool3d_stride_padding": (nn.MaxPool3d(3, stride=2, padding=1), (1, 2, 6, 6, 6)),
        "PReLU_2d_multiparam": (nn.PReLU(3), (2, 3, 4, 4)),
        "PixelShuffle": (nn.PixelShuffle(2), (1, 8, 3, 3)),
        "SELU": (nn.SELU(), (3, 5)),
        "Softmin": (nn.Softmin(dim=1), (3, 5)),
        "Softplus_beta": (nn.Softplus(beta=2, threshold=5), (3, 5)),
        "Softsign": (nn.Softsign(), (3, 5)),
        "Tanhshrink": (nn.Tanhshrink(), (3, 5)),
        "Hardswish": (nn.Hardswish(), (3, 5)),
        "SiLU": (nn.SiLU(), (3, 5)),
        "GELU": (nn.GELU(), (3, 5)),
        "AdaptiveAvgPool2d_1": (nn.AdaptiveAvgPool2d(1), (2, 3, 5, 5)),
        "AdaptiveMaxPool2d_1": (nn.AdaptiveMaxPool2d(1), (2, 3, 5, 5)),
        "Upsample_nearest": (nn.Upsample(scale_factor=2, mode="nearest"), (1, 2, 3, 3)),
        "Upsample_bilinear_align": (nn.Upsample(scale_factor=2, mode="bilinear", align_corners=True), (1, 2, 3, 4)),
        "Upsample_bilinear": (nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False), (1, 2, 3, 4)),
        "InstanceNorm2d_affine": (nn.InstanceNorm2d(3, affine=True), (2, 3, 4, 4)),
        "GroupNorm": (nn.GroupNorm(2, 4), (2, 4, 3, 3)),
        "LayerNorm": (nn.LayerNorm(5), (2, 3, 5)),
        "LocalResponseNorm": (nn.LocalResponseNorm(3), (1, 5, 3, 3)),
        "Flatten": (nn.Flatten(), (2, 3, 2, 2)),
        "Dropout_eval": (nn.Dropout(0.4).eval(), (3, 5)),
        "operator_add_size1_broadcast": (Fn(lambda x: x + x[:, :1]), (3, 4)),
        "operator_addmm": (Fn(lambda x: torch.addmm(torch.ones(3, 2), x, torch.ones(4, 2) * 0.5)), (3, 4)),
        "operator_chunk": (Fn(lambda x: torch.cat(list(reversed(x.chunk(3, dim=1))), dim=1)), (2, 7)),
        "operator_clamp_min": (Fn(lambda x: x.clamp(min=0.1)), (3, 4)),
        "operator_index": (Fn(lambda x: x[1, 1:3]), (3, 4)),
        "operator_index_negative": (Fn(lambda x: x[:, -2::1]), (3, 4)),
        "operator_permute": (Fn(lambda x: x.permute(2, 0, 1).contiguous()), (2, 3, 4)),
        "operator_reduced_mean_keepdim": (Fn(lambda x: x.mean(dim=(1, 2), keepdim=True)), (2, 3, 4)),
        "operator_reduced_sum": (Fn(lambda x: x.sum(dim=1)), (2, 3, 4)),
        "operator_max_dim": (Fn(lambda x: x.max(dim=1)[0]), (2, 3, 4)),
        "operator_repeat": (Fn(lambda x: x.repeat(2, 1, 3)), (2, 3)),
        "operator_view": (Fn(lambda x: x.view(x.size(0), -1)), (2, 3, 4)),
        "operator_pow": (Fn(lambda x: x.abs().pow(1.5)), (3, 4)),
        "operator_rsqrt": (Fn(lambda x: torch.rsqrt(x.abs() + 1)), (3, 4)),
        "operator_where": (Fn(lambda x: torch.where(x > 0, x, x * 0.1)), (3, 4)),
        "operator_expand": (Fn(lambda x: x.expand(3, 2, 4)), (2, 1)),
        "operator_matmul_batched": (Fn(lambda x: x @ x.transpose(-1, -2)), (2, 3, 4)),
        "operator_std_mean": (Fn(lambda x: (x - x.mean(-1, keepdim=True)) / (x.var(-1, keepdim=True, unbiased=False) + 1e-5).sqrt()), (2, 5)),
        "operator_softmax_dim0": (Fn(lambda x: F.softmax(x, dim=0)), (3, 4)),
        "operator_cumsum": (Fn(lambda x: x.cumsum(1)), (2, 5)),
        "operator_argmax": (Fn(lambda x: x.argmax(1)), (3, 5)),
        "operator_tril": (Fn(lambda x: torch.tril(x, diagonal=-1)), (4, 4)),
        "operator_embedding_bag_like": (Fn(lambda x: F.embedding(torch.tensor([[0, 2], [1, 1]]), x).sum(1)), (3, 4)),
    }


def write_case(folder, model_bytes, x, y):
    os.makedirs(os.path.join(folder, "test_data_set_0"), exist_ok=True)
    model = onnx.load_from_string(model_bytes)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(model_bytes)
    inputs = [i for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]
    with open(os.path.join(folder, "test_data_set_0", "input_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(x, inputs[0].name).SerializeToString())
    with open(os.path.join(folder, "test_data_set_0", "output_0.pb"), "wb") as f:
        f.write(numpy_helper.from_array(y, model.graph.output[0].name).SerializeToString())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True)
    p.add_argument("--opsets", default="9,13")
    args = p.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    written = 0
    for name, (module, shape) in modules().items():
        module.eval()
        x = torch.from_numpy(np.random.RandomState(len(name)).randn(*shape).astype(np.float32))
        with torch.no_grad():
            y = module(x).numpy()
        for opset in (int(o) for o in args.opsets.split(",")):
            buf = io.BytesIO()
            try:
                torch.onnx.export(module, (x,), buf, opset_version=opset, input_names=["input"],
                                  output_names=["output"], do_constant_folding=False)
            except Exception as e:  # some modules have no export at an old opset
                print(f"not exported: {name} opset {opset}: {type(e).__name__}: {str(e)[:100]}")
                continue
            write_case(os.path.join(args.out, f"torch_{name}_opset{opset}"), buf.getvalue(), x.numpy(), y)
            written += 1
    print(f"{written} cases -> {args.out}")


if __name__ == "__main__":
    main()

"""Generate ONNX's node backend-test suite and pick the cases our importer claims to support.

A proxy for the held-out conformance set of issue 3 (cases drawn from ONNX's node tests).
Needs the onnx package (1.12 here, whose wheel ships the node-test generators) and numpy;
works with numpy >= 1.24, whose removed aliases (np.float, np.bool, ...) the 1.12 generators use.

Reproduce the proxy measurement (the suite is generated outside the repository, never committed):

    /usr/bin/python3 onnx-import/src/test/python/gen_node_suite.py --out /tmp/onnxgen
    ./apo conformance /tmp/onnxgen/selected --out /tmp/onnxgen-out | tail -1

``--out DIR`` writes every generated case to ``DIR/all/<case>/`` (model.onnx,
test_data_set_0/input_K.pb, output_K.pb; the layout of ONNX's backend tests) and links to
``DIR/selected/`` every case (and every case of newer_forms.py: operator forms of opsets 18-22,
which the 1.12 generators predate) whose graph uses only ops of ``--ops`` (by default the op names
our OpTable registers, read from its source, plus every op of issue 3's list) and that has only
tensor inputs and outputs. ``DIR/selection.tsv`` lists each case with its ops and why it was
(not) selected.

Measured 2026-11-28 (onnx 1.12, numpy 1.24): 1115 cases generated, 980 selected, 959 pass. The 21
failures are known: 12 window-function cases whose 1.12 expectations use pi = 3.1415 (v1.2x uses
np.pi; newer_forms.py has those forms, which pass), 3 float-to-bfloat16 casts that 1.12 expects
truncated (v1.2x rounds to nearest even, as we do), and 6 casts from or to STRING tensors, which
the runtime does not have.
"""
import argparse
import importlib
import os
import pkgutil
import re
import shutil
import sys
import warnings

import numpy as np

# onnx 1.12's generators use aliases numpy 1.24 removed; restore them before importing any.
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    for _alias, _type in (("float", float), ("int", int), ("bool", bool), ("object", object),
                          ("complex", complex), ("str", str)):
        try:
            getattr(np, _alias)
        except AttributeError:
            setattr(np, _alias, _type)

import onnx  # noqa: E402
from onnx import numpy_helper  # noqa: E402

# Issue 3's operator list (ops PyTorch emits for MLPs, CNNs, ResNets, autoencoders, transformers).
ISSUE_OPS = """Gemm MatMul Add Sub Mul Div Relu LeakyRelu Elu Sigmoid Tanh Softmax LogSoftmax Exp Log
Sqrt Pow Neg Abs Reciprocal Erf Gelu Softplus Clip Conv ConvTranspose MaxPool AveragePool
GlobalAveragePool GlobalMaxPool BatchNormalization LayerNormalization Flatten Reshape Transpose
Concat Split Slice Squeeze Unsqueeze Gather Identity Dropout ReduceMean ReduceSum ReduceMax
ReduceSumSquare Pad Cast Shape Constant ConstantOfShape Where Expand Equal Greater Less Min Max
Sum Mean Tile Einsum""".split()

HERE = os.path.dirname(os.path.abspath(__file__))
OPS_DIR = os.path.join(HERE, "..", "..", "main", "java", "io", "apo4j", "onnx", "ops")


def declared_ops():
    """Op names our importer registers: string literals in OpTable and the ops' NAMES lists."""
    names = set()
    for file in os.listdir(OPS_DIR):
        text = open(os.path.join(OPS_DIR, file), encoding="utf-8").read()
        if file == "OpTable.java":
            names.update(re.findall(r'add\("([A-Za-z0-9]+)"', text))
        for block in re.findall(r"NAMES\s*=\s*(?:List|Set)\.of\((.*?)\);", text, re.S):
            names.update(re.findall(r'"([A-Za-z0-9]+)"', block))
    return names


class _Newer:
    """A case of newer_forms.py, shaped like the generators' TestCase."""

    def __init__(self, name, model, inputs, outputs):
        self.name, self.model, self.data_sets = name, model, [(inputs, outputs)]


def collect():
    """Every node test case; a generator module that fails to import is reported and skipped."""
    import onnx.backend.test.case.node as node
    for info in pkgutil.iter_modules(node.__path__):
        try:
            importlib.import_module(f"{node.__name__}.{info.name}")
        except Exception as e:  # one broken generator must not hide the others
            print(f"skipped generator {info.name}: {type(e).__name__}: {e}", file=sys.stderr)
    import onnx.backend.test.case.model as model
    try:  # the few generated whole-model cases ("simple" in ONNX's data): those with a model
        models = [c for c in model.collect_testcases() if c.model is not None]
    except Exception as e:
        print(f"skipped model generators: {type(e).__name__}: {e}", file=sys.stderr)
        models = []
    sys.path.insert(0, HERE)
    import newer_forms
    return list(node._NodeTestCases) + models + [_Newer(*c) for c in newer_forms.cases()]


def graph_ops(graph, into):
    for n in graph.node:
        into.add(n.op_type if n.domain in ("", "ai.onnx") else n.domain + "." + n.op_type)
        for a in n.attribute:
            if a.type == onnx.AttributeProto.GRAPH:
                graph_ops(a.g, into)
    return into


def tensor_only(model):
    return all(v.type.HasField("tensor_type") for v in list(model.graph.input) + list(model.graph.output))


def write_case(case, folder):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "model.onnx"), "wb") as f:
        f.write(case.model.SerializeToString())
    for i, (inputs, outputs) in enumerate(case.data_sets):
        ds = os.path.join(folder, f"test_data_set_{i}")
        os.makedirs(ds, exist_ok=True)
        for kind, values, infos in (("input", inputs, case.model.graph.input),
                                    ("output", outputs, case.model.graph.output)):
            for j, v in enumerate(values):
                tensor = numpy_helper.from_array(np.asarray(v), infos[j].name)
                # onnx 1.12 keeps bfloat16 data as uint16 bit patterns: label them as the graph does
                if (infos[j].type.tensor_type.elem_type == onnx.TensorProto.BFLOAT16
                        and tensor.data_type == onnx.TensorProto.UINT16):
                    tensor.data_type = onnx.TensorProto.BFLOAT16
                with open(os.path.join(ds, f"{kind}_{j}.pb"), "wb") as f:
                    f.write(tensor.SerializeToString())


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", required=True, help="folder to write all/, selected/ and selection.tsv")
    p.add_argument("--ops", help="comma-separated op names to select (default: OpTable + issue list)")
    args = p.parse_args()
    wanted = set(args.ops.split(",")) if args.ops else declared_ops() | set(ISSUE_OPS)
    for sub in ("all", "selected"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)
        os.makedirs(os.path.join(args.out, sub))
    rows, selected = [], 0
    seen = set()
    for case in collect():
        if case.name in seen:  # a few generators emit the same case twice
            continue
        seen.add(case.name)
        folder = os.path.join(args.out, "all", case.name)
        ops = graph_ops(case.model.graph, set())
        if not tensor_only(case.model):
            why = "non-tensor input/output"
        else:
            missing = sorted(ops - wanted)
            why = "uses " + ",".join(missing) if missing else "selected"
        try:
            write_case(case, folder)
        except Exception as e:
            why = f"not written: {type(e).__name__}: {e}"
        if why == "selected":
            os.symlink(folder, os.path.join(args.out, "selected", case.name))
            selected += 1
        rows.append(f"{case.name}\t{','.join(sorted(ops))}\t{why}")
    with open(os.path.join(args.out, "selection.tsv"), "w") as f:
        f.write("\n".join(sorted(rows)) + "\n")
    print(f"{len(rows)} cases generated, {selected} selected -> {args.out}/selected")


if __name__ == "__main__":
    main()

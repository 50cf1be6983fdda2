"""Node cases in operator forms newer than onnx 1.12's generators (opsets 18-22), for gen_node_suite.

onnx 1.12 only generates the forms of its time (opset <= 17); the held-out set comes from ONNX
v1.22, whose tests use Reduce*-18 (axes as an input, empty reductions, bool inputs), Split-18
(num_outputs, uneven), Pad-18/19 (axes input, wrap), Gelu-20, AveragePool's ceil_mode rule for a
last window starting in the padding, and ConvTranspose groups. Expected outputs are computed
here with plain numpy, following the ONNX operator specifications.
"""
import numpy as np
import onnx
from onnx import helper, mapping


def _info(name, array):
    elem = mapping.NP_TYPE_TO_TENSOR_TYPE[np.dtype(array.dtype)]
    return helper.make_tensor_value_info(name, elem, list(array.shape))


def _case(name, node, inputs, outputs, opset):
    graph = helper.make_graph([node], name, [_info(n, a) for n, a in inputs], [_info(n, a) for n, a in outputs])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return name, model, [a for _, a in inputs], [a for _, a in outputs]


def _reduce_ref(op, x, axes, keepdims):
    axes = tuple(axes) if axes is not None else None
    with np.errstate(divide="ignore"):
        if op == "ReduceSum":
            return np.sum(x, axis=axes, keepdims=keepdims)
        if op == "ReduceMean":
            return np.mean(x, axis=axes, keepdims=keepdims)
        if op == "ReduceMax":
            return np.maximum.reduce(x, axis=axes, keepdims=keepdims, initial=-np.inf if x.dtype != bool else False)
        if op == "ReduceMin":
            return np.minimum.reduce(x, axis=axes, keepdims=keepdims, initial=np.inf if x.dtype != bool else True)
        if op == "ReduceProd":
            return np.prod(x, axis=axes, keepdims=keepdims)
        if op == "ReduceSumSquare":
            return np.sum(np.square(x), axis=axes, keepdims=keepdims)
        if op == "ReduceL1":
            return np.sum(np.abs(x), axis=axes, keepdims=keepdims)
        if op == "ReduceL2":
            return np.sqrt(np.sum(np.square(x), axis=axes, keepdims=keepdims))
        if op == "ReduceLogSum":
            return np.log(np.sum(x, axis=axes, keepdims=keepdims))
        if op == "ReduceLogSumExp":
            return np.log(np.sum(np.exp(x), axis=axes, keepdims=keepdims))
    raise ValueError(op)


REDUCE_OPS = ["ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceSumSquare", "ReduceL1",
              "ReduceL2", "ReduceLogSum", "ReduceLogSumExp"]


def reduce_cases():
    rng = np.random.RandomState(0)
    out = []
    for op in REDUCE_OPS:
        tag = op[len("Reduce"):].lower()
        x = rng.uniform(0.5, 2.0, (3, 2, 2)).astype(np.float32)
        for variant, axes, keep in (("do_not_keepdims", [1], 0), ("keepdims", [1], 1),
                                    ("negative_axes_keepdims", [-2], 1), ("default_axes_keepdims", None, 1),
                                    ("two_axes", [0, 2], 0)):
            ins = [("data", x)] + ([("axes", np.array(axes, dtype=np.int64))] if axes is not None else [])
            node = helper.make_node(op, [n for n, _ in ins], ["reduced"], keepdims=keep)
            y = _reduce_ref(op, x, axes, bool(keep)).astype(np.float32)
            out.append(_case(f"new18_reduce_{tag}_{variant}", node, ins, [("reduced", y)], 18))
        # noop_with_empty_axes with an empty axes input: no axis reduced, each element is its own
        # singleton set (ONNX's reference: ReduceSumSquare gives square(data), ReduceMax data)
        node = helper.make_node(op, ["data", "axes"], ["reduced"], keepdims=1, noop_with_empty_axes=1)
        y = _reduce_ref(op, x[np.newaxis], [0], False).astype(np.float32)
        out.append(_case(f"new18_reduce_{tag}_empty_axes_input_noop", node,
                         [("data", x), ("axes", np.array([], dtype=np.int64))], [("reduced", y)], 18))
        if op != "ReduceMean":  # reducing an empty set gives the operation's identity
            empty = np.zeros((2, 0, 4), dtype=np.float32)
            node = helper.make_node(op, ["data", "axes"], ["reduced"], keepdims=1)
            y = _reduce_ref(op, empty, [1], True).astype(np.float32)
            out.append(_case(f"new18_reduce_{tag}_empty_set", node,
                             [("data", empty), ("axes", np.array([1], dtype=np.int64))], [("reduced", y)], 18))
    empty = np.zeros((2, 0, 4), dtype=np.float32)
    node = helper.make_node("ReduceSum", ["data", "axes"], ["reduced"], keepdims=1)
    out.append(_case("new18_reduce_sum_empty_set_non_reduced_axis_zero", node,
                     [("data", empty), ("axes", np.array([2], dtype=np.int64))],
                     [("reduced", np.zeros((2, 0, 1), dtype=np.float32))], 18))
    b = np.array([[True, True], [True, False], [False, True], [False, False]])
    for op in ("ReduceMax", "ReduceMin"):
        node = helper.make_node(op, ["data", "axes"], ["reduced"], keepdims=1)
        out.append(_case(f"new20_reduce_{op[6:].lower()}_bool_inputs", node,
                         [("data", b), ("axes", np.array([1], dtype=np.int64))],
                         [("reduced", _reduce_ref(op, b, [1], True))], 20))
    return out


def split_cases():
    out = []
    x = np.arange(1, 8, dtype=np.float32)
    node = helper.make_node("Split", ["input"], [f"output_{i}" for i in range(4)], axis=0, num_outputs=4)
    parts = [x[0:2], x[2:4], x[4:6], x[6:7]]
    out.append(_case("new18_split_1d_uneven_num_outputs", node, [("input", x)],
                     [(f"output_{i}", p) for i, p in enumerate(parts)], 18))
    x2 = np.arange(16, dtype=np.float32).reshape(2, 8)
    node = helper.make_node("Split", ["input"], ["a", "b", "c"], axis=1, num_outputs=3)
    out.append(_case("new18_split_2d_uneven_num_outputs", node, [("input", x2)],
                     [("a", x2[:, 0:3]), ("b", x2[:, 3:6]), ("c", x2[:, 6:8])], 18))
    node = helper.make_node("Split", ["input", "split"], ["a", "b"], axis=-1)
    out.append(_case("new18_split_variable_parts_negative_axis", node,
                     [("input", x2), ("split", np.array([2, 6], dtype=np.int64))],
                     [("a", x2[:, 0:2]), ("b", x2[:, 2:8])], 18))
    e = np.zeros((0,), dtype=np.float32)
    node = helper.make_node("Split", ["input", "split"], ["a", "b", "c"])
    out.append(_case("new18_split_zero_size_splits", node,
                     [("input", e), ("split", np.array([0, 0, 0], dtype=np.int64))],
                     [("a", e), ("b", e), ("c", e)], 18))
    return out


def pad_cases():
    out = []
    rng = np.random.RandomState(1)
    x = rng.randn(1, 3, 4, 5).astype(np.float32)
    for mode, np_mode in (("constant", "constant"), ("edge", "edge"), ("reflect", "reflect"), ("wrap", "wrap")):
        pads = np.array([0, 0, 1, 3, 0, 0, 2, 1], dtype=np.int64)
        ins = [("x", x), ("pads", pads)]
        kwargs = {}
        if mode == "constant":
            ins.append(("value", np.array(1.5, dtype=np.float32)))
            kwargs = {"constant_values": 1.5}
        node = helper.make_node("Pad", [n for n, _ in ins], ["y"], mode=mode)
        width = [(int(pads[i]), int(pads[i + 4])) for i in range(4)]
        y = np.pad(x, width, mode=np_mode, **kwargs)
        out.append(_case(f"new19_{mode}_pad", node, ins, [("y", y)], 19))
    for tag, axes in (("axes", [1, 3]), ("negative_axes", [-3, -1])):
        pads = np.array([0, 3, 0, 4], dtype=np.int64)
        node = helper.make_node("Pad", ["x", "pads", "value", "axes"], ["y"], mode="constant")
        y = np.pad(x, [(0, 0), (0, 0), (0, 0), (3, 4)], mode="constant", constant_values=1.2)
        out.append(_case(f"new18_constant_pad_{tag}", node,
                         [("x", x), ("pads", pads), ("value", np.array(1.2, dtype=np.float32)),
                          ("axes", np.array(axes, dtype=np.int64))], [("y", y)], 18))
    node = helper.make_node("Pad", ["x", "pads", "", "axes"], ["y"], mode="reflect")
    y = np.pad(x, [(0, 0), (0, 0), (2, 1), (0, 0)], mode="reflect")
    out.append(_case("new18_reflect_pad_axes_no_value", node,
                     [("x", x), ("pads", np.array([2, 1], dtype=np.int64)),
                      ("axes", np.array([2], dtype=np.int64))], [("y", y)], 18))
    return out


def gelu_cases():
    from math import erf, sqrt, pi
    x = np.array([-3.0, -1.0, -0.2, 0.0, 0.5, 1.0, 2.5], dtype=np.float32)
    exact = np.array([0.5 * v * (1 + erf(v / sqrt(2))) for v in x.astype(np.float64)], dtype=np.float32)
    tanh = (0.5 * x.astype(np.float64) * (1 + np.tanh(sqrt(2 / pi) * (x + 0.044715 * x.astype(np.float64) ** 3))))
    return [_case("new20_gelu_default", helper.make_node("Gelu", ["x"], ["y"]), [("x", x)], [("y", exact)], 20),
            _case("new20_gelu_tanh", helper.make_node("Gelu", ["x"], ["y"], approximate="tanh"), [("x", x)],
                  [("y", tanh.astype(np.float32))], 20)]


def _pool_len(size, k, s, p0, p1, ceil):
    """Output length; with ceil_mode a last window that would start in the right padding is dropped."""
    span = size + p0 + p1 - k
    n = (-(-span // s) if ceil else span // s) + 1
    if ceil and (n - 1) * s >= size + p0:
        n -= 1
    return n


def avgpool_cases():
    out = []
    rng = np.random.RandomState(2)
    for tag, size, k, s, p, cip in (("ceil_last_window_starts_on_pad", 2, 3, 2, 1, 0),
                                    ("ceil_pads_count_include_pad", 5, 3, 2, 1, 1),
                                    ("ceil_stride3", 7, 2, 3, 0, 0)):
        x = rng.randn(1, 1, size, size).astype(np.float32)
        n = _pool_len(size, k, s, p, p, True)
        y = np.zeros((1, 1, n, n), dtype=np.float32)
        for i in range(n):
            for j in range(n):
                total, count = 0.0, 0
                for a in range(k):
                    for b in range(k):
                        r, c = i * s + a - p, j * s + b - p
                        inside_padded = r < size + p and c < size + p
                        if 0 <= r < size and 0 <= c < size:
                            total += x[0, 0, r, c]
                            count += 1
                        elif cip and inside_padded:
                            count += 1
                y[0, 0, i, j] = total / count
        node = helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[k, k], strides=[s, s], pads=[p] * 4,
                                ceil_mode=1, count_include_pad=cip)
        out.append(_case(f"new22_averagepool_2d_{tag}", node, [("x", x)], [("y", y)], 22))
    return out


def convtranspose_cases():
    rng = np.random.RandomState(3)
    x = rng.randn(1, 4, 3, 3).astype(np.float32)
    w = rng.randn(4, 3, 2, 2).astype(np.float32)  # C x M/group x k x k, group 2: M = 6
    y = np.zeros((1, 6, 4, 4), dtype=np.float64)
    for c in range(4):
        g = c // 2
        for m in range(3):
            for i in range(3):
                for j in range(3):
                    y[0, g * 3 + m, i:i + 2, j:j + 2] += x[0, c, i, j] * w[c, m]
    node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], group=2)
    return [_case("new22_convtranspose_group_2", node, [("X", x), ("W", w)], [("Y", y.astype(np.float32))], 22)]




def integer_arithmetic_cases():
    """Add/Sub/Mul/Div on every integer type (v1.2x tests int8..uint64): wrapping, truncating division."""
    out = []
    rng = np.random.RandomState(4)
    for dtype in (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64):
        x = rng.randint(24, size=(3, 4, 5)).astype(dtype)
        y = (rng.randint(24, size=(3, 4, 5)) + 1).astype(dtype)
        tag = np.dtype(dtype).name
        with np.errstate(over="ignore"):
            refs = {"Add": x + y, "Sub": x - y, "Mul": x * y,
                    "Div": np.trunc(x.astype(np.float64) / y.astype(np.float64)).astype(dtype)}
        for op, z in refs.items():
            node = helper.make_node(op, ["x", "y"], ["z"])
            out.append(_case(f"new14_{op.lower()}_{tag}", node, [("x", x), ("y", y)], [("z", z.astype(dtype))], 14))
        for op, z in (("Equal", x == y), ("Greater", x > y), ("Less", x < y)):
            node = helper.make_node(op, ["x", "y"], ["z"])
            out.append(_case(f"new19_{op.lower()}_{tag}", node, [("x", x), ("y", y)], [("z", z)], 19))
    return out


def matmul_cases():
    rng = np.random.RandomState(5)
    out = []
    for tag, a, b in (("1d_3d", (4,), (2, 4, 3)), ("4d_1d", (2, 1, 3, 4), (4,)), ("bcast", (2, 1, 3, 4), (5, 4, 2)),
                      ("4d", (1, 2, 3, 4), (1, 2, 4, 3))):
        x = rng.randn(*a).astype(np.float32)
        y = rng.randn(*b).astype(np.float32)
        node = helper.make_node("MatMul", ["a", "b"], ["c"])
        out.append(_case(f"new13_matmul_{tag}", node, [("a", x), ("b", y)], [("c", np.matmul(x, y))], 13))
    return out


def cases():
    return (reduce_cases() + split_cases() + pad_cases() + gelu_cases() + avgpool_cases() + convtranspose_cases()
            + integer_arithmetic_cases() + matmul_cases() + window_cases() + pool_cases()
            + einsum_cases())


def window_cases():
    """Window functions as ONNX v1.2x tests them (np.pi; onnx 1.12's tests used 3.1415)."""
    out = []
    coefficients = {"HannWindow": (0.5, 0.5, 0.0), "HammingWindow": (25 / 46, 21 / 46, 0.0),
                    "BlackmanWindow": (0.42, 0.5, 0.08)}
    for op, (a0, a1, a2) in coefficients.items():
        for periodic in (1, 0):
            size = np.int32(10)
            n = np.arange(0, size, 1, dtype=np.float32)
            width = size if periodic else size - 1
            y = a0 - a1 * np.cos(2 * np.pi * n / width) + a2 * np.cos(4 * np.pi * n / width)
            node = helper.make_node(op, ["x"], ["y"], periodic=periodic)
            out.append(_case(f"new17_{op.lower()}{'' if periodic else '_symmetric'}", node,
                             [("x", np.array(size, dtype=np.int32))], [("y", y.astype(np.float32))], 17))
    return out


def _pool_nd(x, kind, kernel, strides, dilations, pads, ceil, count_include_pad):
    """N-d max/average pooling of N x C x ...: pads begin..end, dilated windows, ceil_mode rule."""
    import itertools
    spatial = x.shape[2:]
    dims = len(spatial)
    outs = []
    for i in range(dims):
        span = spatial[i] + pads[i] + pads[i + dims] - ((kernel[i] - 1) * dilations[i] + 1)
        n = (-(-span // strides[i]) if ceil else span // strides[i]) + 1
        if ceil and (n - 1) * strides[i] >= spatial[i] + pads[i]:
            n -= 1
        outs.append(n)
    y = np.zeros(x.shape[:2] + tuple(outs), dtype=np.float64)
    for o in itertools.product(*[range(n) for n in outs]):
        values, count = [], 0
        for k in itertools.product(*[range(kk) for kk in kernel]):
            pos = [o[i] * strides[i] + k[i] * dilations[i] - pads[i] for i in range(dims)]
            inside = all(0 <= pos[i] < spatial[i] for i in range(dims))
            in_padded = all(-pads[i] <= pos[i] < spatial[i] + pads[i + dims] for i in range(dims))
            if inside:
                values.append(x[(slice(None), slice(None)) + tuple(pos)])
                count += 1
            elif count_include_pad and in_padded:
                count += 1
        stacked = np.stack(values)
        y[(slice(None), slice(None)) + o] = stacked.max(0) if kind == "max" else stacked.sum(0) / count
    return y.astype(x.dtype)


def pool_cases():
    rng = np.random.RandomState(6)
    out = []
    configs = (("averagepool_2d_dilations", "AveragePool", (1, 1, 4, 4), [2, 2], [1, 1], [2, 2], [0] * 4, 0, 0),
               ("averagepool_3d_dilations_small", "AveragePool", (1, 1, 4, 4, 4), [2] * 3, [1] * 3, [2] * 3, [0] * 6, 0, 0),
               ("averagepool_3d_dilations_pads_cip1_ceil0", "AveragePool", (1, 1, 9, 9, 9), [3] * 3, [3] * 3, [2] * 3,
                [1] * 6, 0, 1),
               ("averagepool_3d_dilations_pads_cip0_ceil0", "AveragePool", (1, 1, 9, 9, 9), [3] * 3, [3] * 3, [2] * 3,
                [1] * 6, 0, 0),
               ("averagepool_2d_dilations_asym_pads_ceil1_cip1", "AveragePool", (1, 2, 7, 6), [3, 2], [2, 3], [2, 1],
                [1, 0, 2, 1], 1, 1),
               ("maxpool_3d_dilations", "MaxPool", (1, 1, 4, 4, 4), [2] * 3, [1] * 3, [2] * 3, [0] * 6, 0, 0),
               ("maxpool_3d_dilations_ceil_pads", "MaxPool", (1, 2, 9, 8, 7), [3, 2, 2], [2, 2, 3], [2, 2, 1],
                [1, 0, 1, 1, 1, 0], 1, 0),
               ("maxpool_1d_dilations_ceil", "MaxPool", (2, 3, 11), [3], [2], [2], [1, 1], 1, 0))
    for name, op, shape, k, s, d, p, ceil, cip in configs:
        x = rng.randn(*shape).astype(np.float32)
        kwargs = dict(kernel_shape=k, strides=s, dilations=d, pads=p, ceil_mode=ceil)
        if op == "AveragePool":
            kwargs["count_include_pad"] = cip
        node = helper.make_node(op, ["x"], ["y"], **kwargs)
        y = _pool_nd(x, "max" if op == "MaxPool" else "avg", k, s, d, p, ceil, cip)
        out.append(_case(f"new22_{name}", node, [("x", x)], [("y", y)], 22))
    return out


def einsum_cases():
    rng = np.random.RandomState(7)
    out = []
    for tag, eq, shapes in (("matmul", "ij,jk->ik", [(3, 4), (4, 2)]), ("batch_matmul_ellipsis", "...ij,...jk->...ik",
                            [(2, 3, 4), (2, 4, 5)]), ("outer", "i,j->ij", [(3,), (4,)]),
                            ("transpose_b", "bij,bkj->bik", [(2, 3, 4), (2, 5, 4)]), ("sum_axis", "ij->i", [(3, 4)]),
                            ("implicit_output", "ij,jk", [(2, 3), (3, 2)]), ("trace", "ii", [(3, 3)])):
        xs = [rng.randn(*s) for s in shapes]  # float64, as ONNX's Einsum tests
        names = [f"x{i}" for i in range(len(xs))]
        node = helper.make_node("Einsum", names, ["y"], equation=eq)
        y = np.asarray(np.einsum(eq, *xs))
        out.append(_case(f"new12_einsum_{tag}", node, list(zip(names, xs)), [("y", y)], 12))
    return out

package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pad in constant, reflect, edge and wrap modes; pads (and value) as attributes before opset 11,
 * as inputs after, with the optional axes input of opset 18. Negative pads crop.
 */
final class PadOp implements Op {
  /** Padding modes, by their ONNX names. */
  enum Mode { CONSTANT, REFLECT, EDGE, WRAP }

  private final Mode mode;
  private final long[] padsAttr;
  private final double valueAttr;

  PadOp(Node node) {
    String m = node.attributes().getString("mode", "constant");
    mode = switch (m) {
      case "constant" -> Mode.CONSTANT;
      case "reflect" -> Mode.REFLECT;
      case "edge" -> Mode.EDGE;
      case "wrap" -> Mode.WRAP;
      default -> throw node.attributes().unsupported("mode", List.of("constant", "reflect", "edge", "wrap").toString());
    };
    padsAttr = node.attributes().getInts("pads", null);
    valueAttr = node.attributes().getFloat("value", 0f);
  }

  private AxisMap map(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int rank = shape.length;
    long[] pads = padsAttr != null ? padsAttr : Tensors.longs(in[1]);
    long[] axes = in.length > 3 && in[3] != null ? Tensors.longs(in[3]) : null;
    int n = axes == null ? rank : axes.length;
    if (pads.length != 2 * n) {
      throw ctx.error("pads " + Arrays.toString(pads) + " has " + pads.length + " values; expected " + 2 * n
          + " (begin and end for each of " + n + " axes)");
    }
    int[][] maps = AxisMap.identity(shape);
    for (int i = 0; i < n; i++) {
      int axis = axes == null ? i : Tensors.axis(axes[i], rank);
      maps[axis] = axis(ctx, shape[axis], pads[i], pads[i + n]);
    }
    return AxisMap.of(maps);
  }

  private int[] axis(OpContext ctx, long dim, long begin, long end) {
    long size = dim + begin + end;
    if (size < 0) {
      throw ctx.error("pads " + begin + ", " + end + " crop more than the axis length " + dim);
    }
    if (dim == 0 && size > 0 && mode != Mode.CONSTANT) {
      throw ctx.error("cannot pad an empty axis in " + mode + " mode; expected constant mode");
    }
    Tensors.checkSize(new long[] {size});
    int[] map = new int[(int) size];
    for (int c = 0; c < map.length; c++) {
      long i = c - begin;
      map[c] = (int) (i >= 0 && i < dim ? i : switch (mode) {
        case CONSTANT -> -1;
        case EDGE -> Math.max(0, Math.min(dim - 1, i));
        case WRAP -> Math.floorMod(i, dim);
        case REFLECT -> reflect(i, dim);
      });
    }
    return map;
  }

  private static long reflect(long i, long dim) {
    if (dim == 1) {
      return 0;
    }
    long period = 2 * (dim - 1);
    long r = Math.floorMod(i, period);
    return r < dim ? r : period - r;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    double value = padsAttr == null && in.length > 2 && in[2] != null && !in[2].isEmpty() ? in[2].getDouble(0) : valueAttr;
    return new INDArray[] {map(ctx, in).gather(in[0], value)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && ctx.needsGradient(0)) {
      g[0] = map(ctx, in).scatter(gOut[0], in[0]);
    }
    // the gradient of the constant value: sum of the gradient over the padded positions
    if (padsAttr == null && in.length > 2 && Tensors.isFloat(in[2]) && ctx.needsGradient(2) && mode == Mode.CONSTANT) {
      double total = 0;
      int[] src = map(ctx, in).sources(in[0].shape());
      double[] go = Tensors.values(gOut[0]);
      for (int i = 0; i < src.length; i++) {
        total += src[i] < 0 ? go[i] : 0;
      }
      g[2] = Tensors.create(new double[] {total}, in[2].shape(), in[2].dataType());
    }
    return g;
  }
}

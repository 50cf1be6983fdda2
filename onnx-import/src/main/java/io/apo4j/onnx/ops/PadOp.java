package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Pad (constant, reflect, edge, wrap), pads as attribute (before opset 11) or input, optional axes. */
final class PadOp extends IndexMapOp {
  private final String mode;
  private final long[] padsAttr;
  private final float valueAttr;

  PadOp(Node node) {
    mode = node.attributes().getString("mode", "constant");
    if (!java.util.List.of("constant", "reflect", "edge", "wrap").contains(mode)) {
      throw node.attributes().unsupported("mode", "constant, reflect, edge, wrap");
    }
    padsAttr = node.attributes().getInts("pads", node.attributes().getInts("paddings", null));
    valueAttr = node.attributes().getFloat("value", 0f);
  }

  @Override
  Mapping mapping(OpContext ctx, INDArray[] in) {
    long[] xs = in[0].shape();
    int r = xs.length;
    long[] given = in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : padsAttr;
    double fill = in.length > 2 && in[2] != null && in[2].length() > 0 ? in[2].getDouble(0) : valueAttr;
    long[] axes = in.length > 3 && in[3] != null ? Tensors.longs(in[3]) : null;
    long[] before = new long[r];
    long[] after = new long[r];
    int k = axes == null ? r : axes.length;
    if (given == null || given.length != 2 * k) {
      throw ctx.error("pads " + Arrays.toString(given) + " do not fit rank " + r + "; expected " + 2 * k + " values");
    }
    for (int i = 0; i < k; i++) {
      int a = axes == null ? i : Tensors.axis(axes[i], r);
      before[a] = given[i];
      after[a] = given[i + k];
    }
    long[] shape = new long[r];
    for (int a = 0; a < r; a++) {
      shape[a] = xs[a] + before[a] + after[a];
    }
    int[] st = strides(xs);
    return new Mapping(build(shape, idx -> {
      int off = 0;
      for (int a = 0; a < r; a++) {
        long c = idx[a] - before[a];
        long n = xs[a];
        if (c < 0 || c >= n) {
          switch (mode) {
            case "constant" -> { return -1; }
            case "edge" -> c = c < 0 ? 0 : n - 1;
            case "wrap" -> c = ((c % n) + n) % n;
            default -> {
              long period = 2 * (n - 1);
              c = period == 0 ? 0 : ((c % period) + period) % period;
              c = c >= n ? period - c : c;
            }
          }
        }
        off += (int) c * st[a];
      }
      return off;
    }), shape, fill);
  }
}

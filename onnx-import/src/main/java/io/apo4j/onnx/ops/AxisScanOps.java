package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Operators that run along one axis: ArgMax and ArgMin (int64 indices; keepdims,
 * select_last_index), Hardmax (one-hot of the first maximum; opsets before 13 flatten to 2-D at
 * the axis, as Softmax did) and CumSum (exclusive, reverse; its VJP is the cumulative sum the
 * other way). Only CumSum is differentiable.
 */
final class AxisScanOps implements Op {
  static final List<String> NAMES = List.of("ArgMax", "ArgMin", "Hardmax", "CumSum");

  private final String op;
  private final long axisAttr;
  private final boolean keepDims;
  private final boolean last;
  private final boolean exclusive;
  private final boolean reverse;
  private final boolean coerced;

  AxisScanOps(Node node) {
    var a = node.attributes();
    op = node.opType();
    coerced = op.equals("Hardmax") && node.opset() < 13;
    axisAttr = a.getInt("axis", op.equals("Hardmax") ? (coerced ? 1 : -1) : 0);
    keepDims = a.getInt("keepdims", 1) != 0;
    last = a.getInt("select_last_index", 0) != 0;
    exclusive = a.getInt("exclusive", 0) != 0;
    reverse = a.getInt("reverse", 0) != 0;
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "ArgMax", "ArgMin" -> List.of("axis", "keepdims", "select_last_index");
      case "Hardmax" -> List.of("axis");
      default -> List.of("exclusive", "reverse");
    };
  }

  /** outer x n x inner view of a shape around one axis. */
  private record Lanes(int outer, int n, int inner) {
    static Lanes of(long[] shape, int axis, boolean flattenFrom) {
      long outer = Tensors.size(shape, 0, axis);
      long inner = Tensors.size(shape, axis + 1, shape.length);
      long n = flattenFrom ? inner * (axis < shape.length ? shape[axis] : 1) : shape[axis];
      return flattenFrom ? new Lanes((int) outer, (int) n, 1) : new Lanes((int) outer, (int) n, (int) inner);
    }
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    long axisValue = op.equals("CumSum") ? Tensors.longs(in[1])[0] : axisAttr;
    int axis = shape.length == 0 ? 0 : Tensors.axis(axisValue, shape.length);
    Lanes l = shape.length == 0 ? new Lanes(1, 1, 1) : Lanes.of(shape, axis, coerced);
    double[] x = Tensors.values(in[0]);
    return switch (op) {
      case "CumSum" -> new INDArray[] {Tensors.create(cumsum(x, l, reverse), shape, in[0].dataType())};
      case "Hardmax" -> new INDArray[] {Tensors.create(hardmax(x, l), shape, in[0].dataType())};
      default -> new INDArray[] {argExtreme(x, l, shape, axis)};
    };
  }

  private double[] cumsum(double[] x, Lanes l, boolean backwards) {
    double[] y = new double[x.length];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        double sum = 0;
        for (int s = 0; s < l.n(); s++) {
          int k = backwards ? l.n() - 1 - s : s;
          int at = (o * l.n() + k) * l.inner() + i;
          if (exclusive) {
            y[at] = sum;
            sum += x[at];
          } else {
            sum += x[at];
            y[at] = sum;
          }
        }
      }
    }
    return y;
  }

  private int pick(double[] x, Lanes l, int o, int i, boolean max, boolean preferLast) {
    int best = 0;
    for (int k = 1; k < l.n(); k++) {
      double v = x[(o * l.n() + k) * l.inner() + i];
      double b = x[(o * l.n() + best) * l.inner() + i];
      if (max ? v > b || preferLast && v == b : v < b || preferLast && v == b) {
        best = k;
      }
    }
    return best;
  }

  private double[] hardmax(double[] x, Lanes l) {
    double[] y = new double[x.length];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        y[(o * l.n() + pick(x, l, o, i, true, false)) * l.inner() + i] = 1;
      }
    }
    return y;
  }

  private INDArray argExtreme(double[] x, Lanes l, long[] shape, int axis) {
    long[] out = new long[l.outer() * l.inner()];
    for (int o = 0; o < l.outer(); o++) {
      for (int i = 0; i < l.inner(); i++) {
        out[o * l.inner() + i] = pick(x, l, o, i, op.equals("ArgMax"), last);
      }
    }
    long[] outShape = shape.clone();
    if (shape.length > 0) {
      outShape[axis] = 1;
    }
    if (!keepDims && shape.length > 0) {
      long[] dropped = new long[shape.length - 1];
      for (int d = 0, j = 0; d < shape.length; d++) {
        if (d != axis) {
          dropped[j++] = shape[d];
        }
      }
      outShape = dropped;
    }
    return outShape.length == 0 ? Nd4j.scalar(out[0]) : Nd4j.createFromArray(out).reshape(outShape);
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (op.equals("CumSum") && Tensors.isFloat(in[0]) && ctx.needsGradient(0)) {
      long[] shape = in[0].shape();
      int axis = shape.length == 0 ? 0 : Tensors.axis(Tensors.longs(in[1])[0], shape.length);
      Lanes l = shape.length == 0 ? new Lanes(1, 1, 1) : Lanes.of(shape, axis, false);
      // each output sums a run of inputs: the VJP sums the gradients of the runs an input is in
      g[0] = Tensors.create(cumsum(Tensors.values(gOut[0]), l, !reverse), shape, in[0].dataType());
    }
    return g;
  }
}

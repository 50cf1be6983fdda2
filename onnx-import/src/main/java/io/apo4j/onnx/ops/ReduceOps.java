package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reductions over a set of axes (attribute, or input from ReduceSum-13 / Reduce*-18), with
 * keepdims and noop_with_empty_axes. Each input element knows its output slot, so forward and
 * backward are single passes.
 */
final class ReduceOps implements Op {
  static final List<String> NAMES = List.of("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceSumSquare",
      "ReduceL1", "ReduceL2", "ReduceLogSumExp", "ReduceLogSum", "ReduceProd");

  /** The reductions, in {@link #NAMES} order (a String compared per element cost more than the sums). */
  private enum Kind { MEAN, SUM, MAX, MIN, SUM_SQUARE, L1, L2, LOG_SUM_EXP, LOG_SUM, PROD }

  private final Kind op;
  private final long[] axesAttr;
  private final boolean keepDims;
  private final boolean noopEmpty;

  ReduceOps(Node node) {
    op = Kind.values()[NAMES.indexOf(node.opType())];
    axesAttr = node.attributes().getInts("axes", null);
    keepDims = node.attributes().getInt("keepdims", 1) != 0;
    noopEmpty = node.attributes().getInt("noop_with_empty_axes", 0) != 0;
  }

  /**
   * Output slot per input element ({@code slot} null for a suffix reduction: element i lands in
   * slot i / count), and the output shape.
   */
  private record Plan(int[] slot, long[] shape, int outSize, int count) {
    int slot(int i) {
      return slot == null ? i / count : slot[i];
    }
  }

  private Plan plan(INDArray[] in) {
    long[] xs = in[0].shape();
    long[] axes = in.length > 1 && in[1] != null ? Tensors.longs(in[1]) : axesAttr;
    boolean[] reduce = new boolean[xs.length];
    if (axes == null || axes.length == 0) {
      java.util.Arrays.fill(reduce, !noopEmpty);
    } else {
      for (long a : axes) {
        reduce[Tensors.axis(a, xs.length)] = true;
      }
    }
    long[] kept = new long[xs.length];
    int count = 1;
    int rank = 0;
    for (int a = 0; a < xs.length; a++) {
      kept[a] = reduce[a] ? 1 : xs[a];
      count *= reduce[a] ? (int) xs[a] : 1;
      rank += reduce[a] && !keepDims ? 0 : 1;
    }
    long[] shape = new long[rank];
    for (int a = 0, j = 0; a < xs.length; a++) {
      if (!reduce[a] || keepDims) {
        shape[j++] = kept[a];
      }
    }
    int outSize = (int) Tensors.size(kept);
    if (reducesSuffix(reduce) && count > 0) {
      // trailing axes (LayerNorm's mean over the last one): element i lands in slot i / count
      return new Plan(null, shape, outSize, count);
    }
    return new Plan(IndexMapOp.reductionSlots(xs, reduce), shape, outSize, count);
  }

  /** True when the reduced axes are exactly the last few (at least one). */
  private static boolean reducesSuffix(boolean[] reduce) {
    int a = reduce.length - 1;
    while (a >= 0 && reduce[a]) {
      a--;
    }
    if (a == reduce.length - 1) {
      return false;
    }
    for (; a >= 0; a--) {
      if (reduce[a]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    Plan p = plan(in);
    ctx.save(p);
    if (p.slot() == null && (op == Kind.MEAN || op == Kind.SUM)) {
      return new INDArray[] {Tensors.create(suffixSums(in[0], p), p.shape(), in[0].dataType())};
    }
    double[] x = Tensors.values(in[0]);
    double[] y = new double[p.outSize()];
    boolean extreme = op == Kind.MAX || op == Kind.MIN;
    if (extreme || op == Kind.LOG_SUM_EXP) {
      java.util.Arrays.fill(y, (op == Kind.MIN) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      for (int i = 0; i < x.length; i++) {
        y[p.slot(i)] = (op == Kind.MIN) ? Math.min(y[p.slot(i)], x[i]) : Math.max(y[p.slot(i)], x[i]);
      }
    }
    if (!extreme) {
      double[] max = (op == Kind.LOG_SUM_EXP) ? y.clone() : null;
      java.util.Arrays.fill(y, (op == Kind.PROD) ? 1 : 0);
      for (int i = 0; i < x.length && op == Kind.PROD; i++) {
        y[p.slot(i)] *= x[i];
      }
      for (int i = 0; i < x.length && op != Kind.PROD; i++) {
        double v = x[i];
        y[p.slot(i)] += switch (op) {
          case SUM_SQUARE, L2 -> v * v;
          case L1 -> Math.abs(v);
          case LOG_SUM_EXP -> Math.exp(v - max[p.slot(i)]);
          default -> v;
        };
      }
      for (int o = 0; o < y.length; o++) {
        y[o] = switch (op) {
          case MEAN -> y[o] / p.count();
          case L2 -> Math.sqrt(y[o]);
          case LOG_SUM -> Math.log(y[o]);
          case LOG_SUM_EXP -> Math.log(y[o]) + max[o];
          default -> y[o];
        };
      }
    }
    return new INDArray[] {Tensors.create(y, p.shape(), in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Plan p = ctx.saved(Plan.class);
    if (p.slot() == null && (op == Kind.MEAN || op == Kind.SUM)) {
      // every element of a group gets its group's gradient (divided by the count for the mean)
      double[] g = Tensors.values(gOut[0]);
      double[] gx = new double[p.outSize() * p.count()];
      for (int o = 0, i = 0; o < g.length; o++) {
        double v = op == Kind.MEAN ? g[o] / p.count() : g[o];
        for (int k = 0; k < p.count(); k++) {
          gx[i++] = v;
        }
      }
      INDArray[] grads = new INDArray[in.length];
      grads[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
      return grads;
    }
    double[] x = Tensors.values(in[0]);
    double[] y = Tensors.values(out[0]);
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[x.length];
    boolean[] taken = new boolean[y.length];
    double[][] zeros = (op == Kind.PROD) ? productsWithoutZeros(x, p) : null;
    for (int i = 0; i < x.length; i++) {
      int o = p.slot(i);
      gx[i] = switch (op) {
        case MEAN -> g[o] / p.count();
        case SUM_SQUARE -> 2 * x[i] * g[o];
        case L2 -> y[o] == 0 ? 0 : x[i] / y[o] * g[o];
        case L1 -> Math.signum(x[i]) * g[o];
        case LOG_SUM_EXP -> Math.exp(x[i] - y[o]) * g[o];
        case LOG_SUM -> Math.exp(-y[o]) * g[o];
        case PROD -> {
          // the product of the other elements: y / x, unless x is (or others are) zero
          double zerosHere = zeros[1][o];
          yield g[o] * (zerosHere == 0 ? zeros[0][o] / x[i] : zerosHere == 1 && x[i] == 0 ? zeros[0][o] : 0);
        }
        case MAX, MIN -> {
          boolean first = x[i] == y[o] && !taken[o];
          taken[o] |= first;
          yield first ? g[o] : 0;
        }
        default -> g[o];
      };
    }
    INDArray[] grads = new INDArray[in.length];
    grads[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
    return grads;
  }

  /**
   * Sums (means) of consecutive groups of {@code count} elements, each in double from 0 in element
   * order: the same operations as the slot loop, without the double[] copy of the input.
   */
  private double[] suffixSums(INDArray x, Plan p) {
    double[] y = new double[p.outSize()];
    int count = p.count();
    INDArray c = Tensors.contiguous(x);
    if (c.dataType() == DataType.FLOAT && FastBuffers.supported(c)) {
      float[] v = new float[(int) c.length()];
      FastBuffers.floats(c).get(0, v);
      FastBuffers.keep(c);
      for (int o = 0, i = 0; o < y.length; o++) {
        double sum = 0;
        for (int k = 0; k < count; k++) {
          sum += v[i++];
        }
        y[o] = sum;
      }
    } else {
      double[] v = Tensors.values(x);
      for (int o = 0, i = 0; o < y.length; o++) {
        double sum = 0;
        for (int k = 0; k < count; k++) {
          sum += v[i++];
        }
        y[o] = sum;
      }
    }
    if (op == Kind.MEAN) {
      for (int o = 0; o < y.length; o++) {
        y[o] /= count;
      }
    }
    return y;
  }

  /** Per output slot: the product of the input's non-zero elements, and how many were zero. */
  private static double[][] productsWithoutZeros(double[] x, Plan p) {
    double[] product = new double[p.outSize()];
    double[] zeros = new double[p.outSize()];
    java.util.Arrays.fill(product, 1);
    for (int i = 0; i < x.length; i++) {
      if (x[i] == 0) {
        zeros[p.slot(i)]++;
      } else {
        product[p.slot(i)] *= x[i];
      }
    }
    return new double[][] {product, zeros};
  }
}

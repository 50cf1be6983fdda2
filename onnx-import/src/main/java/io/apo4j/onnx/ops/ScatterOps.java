package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ScatterElements (and its deprecated name Scatter) and ScatterND: a copy of the data with
 * elements replaced by (reduction none) or combined with (add, mul, max, min) the updates at the
 * given indices. The VJP: the data's gradient passes where nothing was replaced (for add: everywhere),
 * and each update gets the output gradient at its target (reduction none and add; the others are
 * refused for gradients). GatherND reads slices by index tuples; its VJP scatter-adds.
 */
final class ScatterOps implements Op {
  static final List<String> NAMES = List.of("ScatterElements", "Scatter", "ScatterND", "GatherND");
  private static final List<String> REDUCTIONS = List.of("none", "add", "mul", "max", "min");

  private final String op;
  private final long axis;
  private final String reduction;
  private final int batchDims;

  ScatterOps(Node node) {
    var a = node.attributes();
    op = node.opType();
    axis = a.getInt("axis", 0);
    reduction = a.getString("reduction", "none");
    if (!REDUCTIONS.contains(reduction)) {
      throw a.unsupported("reduction", REDUCTIONS.toString());
    }
    batchDims = (int) a.getInt("batch_dims", 0);
    if (batchDims < 0) {
      throw a.unsupported("batch_dims", "a non-negative count");
    }
  }

  static List<String> attributes(String op) {
    return switch (op) {
      case "ScatterElements", "Scatter" -> List.of("axis", "reduction");
      case "ScatterND" -> List.of("reduction");
      default -> List.of("batch_dims");
    };
  }

  /** For each update (or gathered) element, the flat offset into the data. */
  private int[] targets(OpContext ctx, long[] data, INDArray indices, long[] updates) {
    long[] idx = Tensors.longs(indices);
    int[] st = IndexMapOp.strides(data);
    if (op.equals("ScatterND") || op.equals("GatherND")) {
      long[] is = indices.shape();
      int b = batchDims; // leading axes shared by data and indices (GatherND's batch_dims)
      int q = (int) is[is.length - 1];
      if (b + q > data.length) {
        throw ctx.error("index tuples of length " + q + " after " + b + " batch axes for data of rank " + data.length
            + "; expected at most the data's rank");
      }
      long batches = 1;
      for (int d = 0; d < b; d++) {
        batches *= data[d];
      }
      long tuples = idx.length / Math.max(1, q);
      long perBatch = tuples / Math.max(1, batches);
      long slice = 1;
      for (int d = b + q; d < data.length; d++) {
        slice *= data[d];
      }
      long batchSize = b == 0 ? 0 : st[b - 1];
      int[] out = new int[(int) (tuples * slice)];
      for (int t = 0; t < tuples; t++) {
        long base = b == 0 ? 0 : (t / perBatch) * batchSize;
        for (int d = 0; d < q; d++) {
          long v = idx[t * q + d];
          long size = data[b + d];
          v = v < 0 ? v + size : v;
          if (v < 0 || v >= size) {
            throw ctx.error("index " + idx[t * q + d] + " is out of range for axis " + (b + d) + " of size " + size);
          }
          base += v * st[b + d];
        }
        for (int s = 0; s < slice; s++) {
          out[(int) (t * slice + s)] = (int) (base + s);
        }
      }
      return out;
    }
    int a = Tensors.axis(axis, data.length);
    int[] counter = new int[1];
    return IndexMapOp.build(updates, i -> {
      long v = idx[counter[0]++];
      v = v < 0 ? v + data[a] : v;
      if (v < 0 || v >= data[a]) {
        throw ctx.error("index " + v + " is out of range for axis " + a + " of size " + data[a]);
      }
      int off = (int) v * st[a];
      for (int d = 0; d < i.length; d++) {
        off += d == a ? 0 : i[d] * st[d];
      }
      return off;
    });
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] data = in[0].shape();
    double[] x = Tensors.values(in[0]);
    if (op.equals("GatherND")) {
      long[] is = in[1].shape();
      int q = (int) is[is.length - 1] + batchDims;
      long[] out = new long[is.length - 1 + data.length - q];
      System.arraycopy(is, 0, out, 0, is.length - 1);
      System.arraycopy(data, q, out, is.length - 1, data.length - q);
      int[] t = targets(ctx, data, in[1], null);
      double[] y = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        y[i] = x[t[i]];
      }
      return new INDArray[] {Tensors.create(y, out, in[0].dataType())};
    }
    int[] t = targets(ctx, data, in[1], in[2].shape());
    double[] u = Tensors.values(in[2]);
    double[] y = x.clone();
    for (int i = 0; i < t.length; i++) {
      y[t[i]] = switch (reduction) {
        case "add" -> y[t[i]] + u[i];
        case "mul" -> y[t[i]] * u[i];
        case "max" -> Math.max(y[t[i]], u[i]);
        case "min" -> Math.min(y[t[i]], u[i]);
        default -> u[i];
      };
    }
    return new INDArray[] {Tensors.create(y, data, in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (!Tensors.isFloat(in[0])) {
      return g;
    }
    double[] go = Tensors.values(gOut[0]);
    long[] data = in[0].shape();
    if (op.equals("GatherND")) {
      int[] t = targets(ctx, data, in[1], null);
      double[] gx = new double[(int) in[0].length()];
      for (int i = 0; i < t.length; i++) {
        gx[t[i]] += go[i];
      }
      g[0] = Tensors.create(gx, data, in[0].dataType());
      return g;
    }
    if (!reduction.equals("none") && !reduction.equals("add")) {
      throw ctx.error("no gradient for reduction " + reduction + "; expected none or add where gradients flow");
    }
    int[] t = targets(ctx, data, in[1], in[2].shape());
    double[] gx = go.clone();
    double[] gu = new double[t.length];
    for (int i = 0; i < t.length; i++) {
      gu[i] = go[t[i]];
    }
    if (reduction.equals("none")) {
      for (int target : t) {
        gx[target] = 0; // replaced: the old value no longer reaches the output
      }
      // with duplicate indices the last update wins: earlier ones get no gradient
      boolean[] seen = new boolean[gx.length];
      for (int i = t.length - 1; i >= 0; i--) {
        if (seen[t[i]]) {
          gu[i] = 0;
        }
        seen[t[i]] = true;
      }
    }
    g[0] = Tensors.create(gx, data, in[0].dataType());
    g[2] = Tensors.create(gu, in[2].shape(), in[2].dataType());
    return g;
  }
}

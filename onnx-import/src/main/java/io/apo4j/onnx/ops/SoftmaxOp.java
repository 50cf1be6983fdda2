package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.Parallel;
import io.apo4j.onnx.graph.Node;
import java.util.List;
import java.util.function.IntConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax and LogSoftmax. From opset 13 along one axis (default -1); before, over the input
 * coerced to 2-D at {@code axis} (default 1), i.e. over all trailing axes together.
 */
final class SoftmaxOp implements Op {
  static final List<String> NAMES = List.of("Softmax", "LogSoftmax");
  private final boolean log;
  private final boolean legacy;
  private final long axis;

  SoftmaxOp(Node node) {
    log = node.opType().equals("LogSoftmax");
    legacy = node.opset() < 13;
    axis = node.attributes().getInt("axis", legacy ? 1 : -1);
  }

  /** {outer, length along the softmax, inner}. */
  private int[] blocks(long[] s) {
    int a = Tensors.axis(axis, s.length);
    long outer = 1;
    long len = 1;
    long inner = 1;
    for (int i = 0; i < s.length; i++) {
      if (i < a) {
        outer *= s[i];
      } else if (i == a || legacy) {
        len *= s[i];
      } else {
        inner *= s[i];
      }
    }
    return new int[] {(int) outer, (int) len, (int) inner};
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    int[] b = blocks(in[0].shape());
    double[] x = Tensors.values(in[0]);
    double[] y = new double[x.length];
    eachSoftmax(b, base -> forwardOne(x, y, base, b[1], b[2]));
    return new INDArray[] {Tensors.create(y, in[0].shape(), in[0].dataType())};
  }

  /** One softmax of {@code len} values {@code stride} apart from {@code base}. */
  private void forwardOne(double[] x, double[] y, int base, int len, int stride) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < len; k++) {
      max = Math.max(max, x[base + k * stride]);
    }
    double sum = 0;
    for (int k = 0; k < len; k++) {
      int j = base + k * stride;
      double e = Math.exp(x[j] - max);
      y[j] = e; // kept: the same exp the softmax divides below
      sum += e;
    }
    // shift by the max before anything else: log(sum) + max would round away log(sum) for
    // logits of magnitude ~1e17 (light_inception_v1 gave 1.0 for every class)
    double logSum = Math.log(sum);
    for (int k = 0; k < len; k++) {
      int j = base + k * stride;
      y[j] = log ? (x[j] - max) - logSum : y[j] / sum;
    }
  }

  /**
   * Calls {@code one} with the first index of every softmax of {@code b = {outer, len, inner}}, in
   * parallel blocks of outer rows of at least ~16K values (each softmax is computed alone, so the
   * split changes nothing).
   */
  private static void eachSoftmax(int[] b, IntConsumer one) {
    int rows = Math.max(1, (1 << 14) / Math.max(1, b[1] * b[2]));
    Parallel.forEach(Parallel.blocks(b[0], rows), block -> {
      for (int o = block * rows; o < Math.min(b[0], (block + 1) * rows); o++) {
        for (int i = 0; i < b[2]; i++) {
          one.accept(o * b[1] * b[2] + i);
        }
      }
    });
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    int[] b = blocks(in[0].shape());
    double[] y = Tensors.values(out[0]);
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[y.length];
    eachSoftmax(b, base -> {
      double dot = 0;
      for (int k = 0; k < b[1]; k++) {
        int j = base + k * b[2];
        dot += log ? g[j] : g[j] * y[j];
      }
      for (int k = 0; k < b[1]; k++) {
        int j = base + k * b[2];
        gx[j] = log ? g[j] - Math.exp(y[j]) * dot : y[j] * (g[j] - dot);
      }
    });
    return new INDArray[] {Tensors.create(gx, in[0].shape(), in[0].dataType())};
  }
}

package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LRN, local response normalisation across channels:
 * {@code y = x / (bias + alpha / size * sum of x^2 over channels c - floor((size-1)/2) .. c + ceil((size-1)/2))^beta}.
 */
final class LrnOp implements Op {
  private final double alpha;
  private final double beta;
  private final double bias;
  private final int size;

  LrnOp(Node node) {
    alpha = node.attributes().getFloat("alpha", 1e-4f);
    beta = node.attributes().getFloat("beta", 0.75f);
    bias = node.attributes().getFloat("bias", 1f);
    long s = node.attributes().getInt("size", 0);
    if (s < 1 || s > 1 << 16) {
      throw node.attributes().unsupported("size", "a positive window size (required)");
    }
    size = (int) s;
  }

  /** d = bias + alpha/size * window sum of squares, per element. */
  private double[] denominators(double[] x, long[] shape) {
    int c = (int) shape[1];
    int spatial = (int) (Tensors.size(shape) / Math.max(1, shape[0] * c));
    int before = (size - 1) / 2;
    int after = size - 1 - before;
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int channel = i / spatial % c;
      int base = i - channel * spatial;
      double sum = 0;
      for (int k = Math.max(0, channel - before); k <= Math.min(c - 1, channel + after); k++) {
        double v = x[base + k * spatial];
        sum += v * v;
      }
      d[i] = bias + alpha / size * sum;
    }
    return d;
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    if (shape.length < 3) {
      throw ctx.error("input " + Arrays.toString(shape) + " has no channel and spatial axes; expected N x C x D1 ..");
    }
    double[] x = Tensors.values(in[0]);
    double[] d = denominators(x, shape);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] * Math.pow(d[i], -beta);
    }
    return new INDArray[] {Tensors.create(y, shape, in[0].dataType())};
  }

  /** gx_i = g_i d_i^-beta - 2 alpha beta / size * x_i * sum over windows j containing i of g_j x_j d_j^(-beta-1). */
  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    long[] shape = in[0].shape();
    double[] x = Tensors.values(in[0]);
    double[] g = Tensors.values(gOut[0]);
    double[] d = denominators(x, shape);
    int c = (int) shape[1];
    int spatial = (int) (Tensors.size(shape) / Math.max(1, shape[0] * c));
    int before = (size - 1) / 2;
    int after = size - 1 - before;
    double[] t = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      t[j] = g[j] * x[j] * Math.pow(d[j], -beta - 1);
    }
    double[] gx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int channel = i / spatial % c;
      int base = i - channel * spatial;
      double sum = 0;
      // element i is in the window of channel j when j - before <= channel <= j + after
      for (int j = Math.max(0, channel - after); j <= Math.min(c - 1, channel + before); j++) {
        sum += t[base + j * spatial];
      }
      gx[i] = g[i] * Math.pow(d[i], -beta) - 2 * alpha * beta / size * x[i] * sum;
    }
    INDArray[] grads = new INDArray[in.length];
    grads[0] = Tensors.create(gx, shape, in[0].dataType());
    return grads;
  }
}

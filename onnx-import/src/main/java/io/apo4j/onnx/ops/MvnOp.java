package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MeanVarianceNormalization: {@code (x - E[x]) / (sqrt(E[x^2] - E[x]^2) + 1e-9)} over the axes
 * attribute (default 0, 2, 3), exactly as ONNX's function body computes it.
 */
final class MvnOp implements Op {
  private static final double EPSILON = 1e-9;
  private final long[] axesAttr;

  MvnOp(Node node) {
    axesAttr = node.attributes().getInts("axes", new long[] {0, 2, 3});
  }

  /** Group (output slot of the reduction) of each element, the group count and size. */
  private record Groups(int[] slot, int count, int size) {}

  private Groups groups(OpContext ctx, long[] shape) {
    boolean[] reduce = new boolean[shape.length];
    for (long a : axesAttr) {
      reduce[Tensors.axis(a, shape.length)] = true;
    }
    long[] kept = new long[shape.length];
    int size = 1;
    for (int d = 0; d < shape.length; d++) {
      kept[d] = reduce[d] ? 1 : shape[d];
      size *= reduce[d] ? (int) shape[d] : 1;
    }
    return new Groups(IndexMapOp.reductionSlots(shape, reduce), (int) Tensors.size(kept), size);
  }

  /** Per group: mean and standard deviation. */
  private static double[][] moments(double[] x, Groups g) {
    double[] mean = new double[g.count()];
    double[] square = new double[g.count()];
    for (int i = 0; i < x.length; i++) {
      mean[g.slot()[i]] += x[i] / g.size();
      square[g.slot()[i]] += x[i] * x[i] / g.size();
    }
    double[] std = new double[g.count()];
    for (int k = 0; k < std.length; k++) {
      std[k] = Math.sqrt(Math.max(0, square[k] - mean[k] * mean[k]));
    }
    return new double[][] {mean, std};
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    Groups g = groups(ctx, in[0].shape());
    double[] x = Tensors.values(in[0]);
    double[][] m = moments(x, g);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int k = g.slot()[i];
      y[i] = (x[i] - m[0][k]) / (m[1][k] + EPSILON);
    }
    return new INDArray[] {Tensors.create(y, in[0].shape(), in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Groups g = groups(ctx, in[0].shape());
    double[] x = Tensors.values(in[0]);
    double[] go = Tensors.values(gOut[0]);
    double[][] m = moments(x, g);
    double[] gMean = new double[g.count()];
    double[] gDot = new double[g.count()];
    for (int i = 0; i < x.length; i++) {
      int k = g.slot()[i];
      gMean[k] += go[i] / g.size();
      gDot[k] += go[i] * (x[i] - m[0][k]);
    }
    // y = d / (s + eps) with d = x - mean, s^2 = E[x^2] - mean^2, so ds/dx_i = d_i / (n s)
    double[] gx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      int k = g.slot()[i];
      double s = m[1][k];
      double d = x[i] - m[0][k];
      double denominator = s + EPSILON;
      gx[i] = (go[i] - gMean[k]) / denominator - (s == 0 ? 0 : d * gDot[k] / (g.size() * s * denominator * denominator));
    }
    return new INDArray[] {Tensors.create(gx, in[0].shape(), in[0].dataType())};
  }
}

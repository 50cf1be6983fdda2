package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/** LayerNormalization over the axes from {@code axis} on, with optional Mean and InvStdDev outputs. */
final class LayerNormOp implements Op {
  private final long axis;
  private final double epsilon;

  LayerNormOp(Node node) {
    axis = node.attributes().getInt("axis", -1);
    epsilon = node.attributes().getFloat("epsilon", 1e-5f);
  }

  private record Saved(double[] xhat, double[] invStd, int rows, int d) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] s = in[0].shape();
    int a = Tensors.axis(axis, s.length);
    long[] normShape = Arrays.copyOfRange(s, a, s.length);
    int d = (int) Tensors.size(normShape);
    int rows = (int) (in[0].length() / Math.max(d, 1));
    double[] x = Tensors.values(in[0]);
    double[] scale = Tensors.values(Tensors.expand(in[1], normShape));
    double[] bias = in.length > 2 && in[2] != null ? Tensors.values(Tensors.expand(in[2], normShape)) : new double[d];
    double[] xhat = new double[x.length];
    double[] y = new double[x.length];
    double[] mean = new double[rows];
    double[] invStd = new double[rows];
    for (int r = 0; r < rows; r++) {
      double m = 0;
      for (int i = 0; i < d; i++) {
        m += x[r * d + i];
      }
      m /= d;
      double v = 0;
      for (int i = 0; i < d; i++) {
        double t = x[r * d + i] - m;
        v += t * t;
      }
      mean[r] = m;
      invStd[r] = 1 / Math.sqrt(v / d + epsilon);
      for (int i = 0; i < d; i++) {
        xhat[r * d + i] = (x[r * d + i] - m) * invStd[r];
        y[r * d + i] = xhat[r * d + i] * scale[i] + bias[i];
      }
    }
    ctx.save(new Saved(xhat, invStd, rows, d));
    long[] statShape = s.clone();
    for (int i = a; i < s.length; i++) {
      statShape[i] = 1;
    }
    return new INDArray[] {Tensors.create(y, s, in[0].dataType()), Tensors.create(mean, statShape, in[0].dataType()),
        Tensors.create(invStd, statShape, in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved sv = ctx.saved(Saved.class);
    long[] s = in[0].shape();
    long[] normShape = Arrays.copyOfRange(s, Tensors.axis(axis, s.length), s.length);
    int d = sv.d();
    double[] g = Tensors.values(gOut[0]);
    double[] scale = Tensors.values(Tensors.expand(in[1], normShape));
    double[] dx = new double[g.length];
    double[] dScale = new double[d];
    double[] dBias = new double[d];
    for (int r = 0; r < sv.rows(); r++) {
      double sum = 0;
      double dot = 0;
      for (int i = 0; i < d; i++) {
        int j = r * d + i;
        double gh = g[j] * scale[i];
        sum += gh;
        dot += gh * sv.xhat()[j];
        dScale[i] += g[j] * sv.xhat()[j];
        dBias[i] += g[j];
      }
      for (int i = 0; i < d; i++) {
        int j = r * d + i;
        dx[j] = sv.invStd()[r] / d * (d * g[j] * scale[i] - sum - sv.xhat()[j] * dot);
      }
    }
    INDArray[] grads = new INDArray[in.length];
    grads[0] = Tensors.create(dx, s, in[0].dataType());
    grads[1] = Tensors.reduceTo(Tensors.create(dScale, normShape, in[1].dataType()), in[1].shape());
    if (in.length > 2 && in[2] != null) {
      grads[2] = Tensors.reduceTo(Tensors.create(dBias, normShape, in[2].dataType()), in[2].shape());
    }
    return grads;
  }
}

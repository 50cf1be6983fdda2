package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * InstanceNormalization and GroupNormalization (opset 21 form: per-channel scale and bias) on
 * N x C x D1.. inputs: each (sample, group) block of C/G channels and all spatial positions is
 * normalised with its own mean and biased variance, then channel c is scaled and shifted.
 * InstanceNormalization is the case G = C.
 */
final class GroupNormOps implements Op {
  static final List<String> NAMES = List.of("InstanceNormalization", "GroupNormalization");

  private final boolean instance;
  private final long groupsAttr;
  private final double epsilon;

  GroupNormOps(Node node) {
    instance = node.opType().equals("InstanceNormalization");
    epsilon = node.attributes().getFloat("epsilon", 1e-5f);
    groupsAttr = node.attributes().getInt("num_groups", -1);
    if (!instance && (groupsAttr <= 0 || node.opset() < 21)) {
      throw node.attributes().unsupported("num_groups", "a positive group count with opset 21 (per-channel scale and"
          + " bias; the opset-18 per-group form is deprecated)");
    }
  }

  static List<String> attributes(String op) {
    return op.equals("GroupNormalization") ? List.of("epsilon", "num_groups", "stash_type") : List.of("epsilon");
  }

  /** Block layout of one call and what backward needs. */
  private record Saved(double[] xhat, double[] inv, int n, int c, int groups, int spatial) {
    int block() {
      return c / groups * spatial;
    }
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    if (shape.length < 2 || in[1].length() != shape[1] || in[2].length() != shape[1]) {
      throw ctx.error("input " + Arrays.toString(shape) + ", scale " + Arrays.toString(in[1].shape()) + " and bias "
          + Arrays.toString(in[2].shape()) + " do not fit; expected N x C x ... with C-element scale and bias");
    }
    int c = (int) shape[1];
    int groups = instance ? c : (int) groupsAttr;
    if (c % groups != 0) {
      throw ctx.error(c + " channels do not split into " + groups + " groups; expected a divisor of " + c);
    }
    Saved s = new Saved(null, null, (int) shape[0], c, groups, (int) (Tensors.size(shape) / Math.max(1, shape[0] * c)));
    double[] x = Tensors.values(in[0]);
    double[] scale = Tensors.values(in[1]);
    double[] bias = Tensors.values(in[2]);
    double[] xhat = new double[x.length];
    double[] inv = new double[s.n() * groups];
    double[] y = new double[x.length];
    int block = s.block();
    for (int b = 0; b < inv.length; b++) {
      int o = b * block;
      double m = 0;
      for (int j = 0; j < block; j++) {
        m += x[o + j];
      }
      m /= block;
      double v = 0;
      for (int j = 0; j < block; j++) {
        v += (x[o + j] - m) * (x[o + j] - m);
      }
      inv[b] = 1 / Math.sqrt(v / block + epsilon);
      for (int j = 0; j < block; j++) {
        int channel = (o + j) / s.spatial() % c;
        xhat[o + j] = (x[o + j] - m) * inv[b];
        y[o + j] = xhat[o + j] * scale[channel] + bias[channel];
      }
    }
    ctx.save(new Saved(xhat, inv, s.n(), c, groups, s.spatial()));
    return new INDArray[] {Tensors.create(y, shape, in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    Saved s = ctx.saved(Saved.class);
    double[] gy = Tensors.values(gOut[0]);
    double[] scale = Tensors.values(in[1]);
    double[] gx = new double[gy.length];
    double[] gScale = new double[s.c()];
    double[] gBias = new double[s.c()];
    int block = s.block();
    for (int b = 0; b < s.inv().length; b++) {
      int o = b * block;
      double meanG = 0;
      double meanGx = 0;
      for (int j = 0; j < block; j++) {
        int channel = (o + j) / s.spatial() % s.c();
        double gxhat = gy[o + j] * scale[channel];
        meanG += gxhat;
        meanGx += gxhat * s.xhat()[o + j];
        gScale[channel] += gy[o + j] * s.xhat()[o + j];
        gBias[channel] += gy[o + j];
      }
      meanG /= block;
      meanGx /= block;
      for (int j = 0; j < block; j++) {
        int channel = (o + j) / s.spatial() % s.c();
        gx[o + j] = s.inv()[b] * (gy[o + j] * scale[channel] - meanG - s.xhat()[o + j] * meanGx);
      }
    }
    INDArray[] g = new INDArray[in.length];
    g[0] = ctx.needsGradient(0) ? Tensors.create(gx, in[0].shape(), in[0].dataType()) : null;
    g[1] = ctx.needsGradient(1) ? Tensors.create(gScale, in[1].shape(), in[1].dataType()) : null;
    g[2] = ctx.needsGradient(2) ? Tensors.create(gBias, in[2].shape(), in[2].dataType()) : null;
    return g;
  }
}

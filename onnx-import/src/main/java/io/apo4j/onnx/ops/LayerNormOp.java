package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * LayerNormalization (opset 17): normalises over the axes from {@code axis} on with the biased
 * variance, then scales and shifts: {@code y = (x - mean) / sqrt(var + epsilon) * scale + bias}.
 * The optional Mean and InvStdDev outputs are computed only when the node asks for them, and
 * differentiated like Y.
 */
final class LayerNormOp implements Op {
  private final long axis;
  private final double epsilon;
  private final boolean[] requested;

  LayerNormOp(Node node) {
    requested = new boolean[] {true, node.hasOutput(1), node.hasOutput(2)};
    axis = node.attributes().getInt("axis", -1);
    epsilon = node.attributes().getFloat("epsilon", 1e-5f);
  }

  /** What backward needs: the normalised input and the inverse standard deviation per row. */
  private record Saved(double[] xhat, double[] inv, int outer, int inner) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = in[0].shape();
    int a = Tensors.axis(axis, shape.length);
    int inner = (int) Tensors.size(Arrays.copyOfRange(shape, a, shape.length));
    int outer = (int) Tensors.size(Arrays.copyOfRange(shape, 0, a));
    long[] innerShape = Arrays.copyOfRange(shape, a, shape.length);
    double[] x = Tensors.values(in[0]);
    double[] scale = Tensors.values(Tensors.expand(in[1], innerShape));
    double[] bias = in.length > 2 && in[2] != null ? Tensors.values(Tensors.expand(in[2], innerShape)) : null;
    double[] y = new double[x.length];
    double[] xhat = new double[x.length];
    double[] mean = new double[outer];
    double[] inv = new double[outer];
    for (int r = 0; r < outer; r++) {
      int o = r * inner;
      double m = 0;
      for (int j = 0; j < inner; j++) {
        m += x[o + j];
      }
      m /= inner;
      double v = 0;
      for (int j = 0; j < inner; j++) {
        v += (x[o + j] - m) * (x[o + j] - m);
      }
      mean[r] = m;
      inv[r] = 1 / Math.sqrt(v / inner + epsilon);
      for (int j = 0; j < inner; j++) {
        xhat[o + j] = (x[o + j] - m) * inv[r];
        y[o + j] = xhat[o + j] * scale[j] + (bias == null ? 0 : bias[j]);
      }
    }
    ctx.save(new Saved(xhat, inv, outer, inner));
    long[] statShape = shape.clone();
    Arrays.fill(statShape, a, shape.length, 1);
    return new INDArray[] {Tensors.create(y, shape, in[0].dataType()),
        requested[1] ? Tensors.create(mean, statShape, in[0].dataType()) : null,
        requested[2] ? Tensors.create(inv, statShape, in[0].dataType()) : null};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    Saved s = ctx.saved(Saved.class);
    long[] shape = in[0].shape();
    long[] innerShape = Arrays.copyOfRange(shape, Tensors.axis(axis, shape.length), shape.length);
    double[] gy = gOut[0] == null ? new double[(int) in[0].length()] : Tensors.values(gOut[0]);
    double[] gMean = gOut.length > 1 && gOut[1] != null ? Tensors.values(gOut[1]) : null;
    double[] gInv = gOut.length > 2 && gOut[2] != null ? Tensors.values(gOut[2]) : null;
    double[] scale = Tensors.values(Tensors.expand(in[1], innerShape));
    double[] gx = new double[gy.length];
    double[] gScale = new double[s.inner()];
    double[] gBias = new double[s.inner()];
    for (int r = 0; r < s.outer(); r++) {
      int o = r * s.inner();
      double meanG = 0;
      double meanGx = 0;
      for (int j = 0; j < s.inner(); j++) {
        double gxhat = gy[o + j] * scale[j];
        meanG += gxhat;
        meanGx += gxhat * s.xhat()[o + j];
        gScale[j] += gy[o + j] * s.xhat()[o + j];
        gBias[j] += gy[o + j];
      }
      meanG /= s.inner();
      meanGx /= s.inner();
      for (int j = 0; j < s.inner(); j++) {
        double gxhat = gy[o + j] * scale[j];
        gx[o + j] = s.inv()[r] * (gxhat - meanG - s.xhat()[o + j] * meanGx);
        // d mean / dx = 1/inner; d inv / dx = -inv^2 * xhat / inner
        gx[o + j] += (gMean == null ? 0 : gMean[r] / s.inner())
            - (gInv == null ? 0 : gInv[r] * s.inv()[r] * s.inv()[r] * s.xhat()[o + j] / s.inner());
      }
    }
    g[0] = ctx.needsGradient(0) ? Tensors.create(gx, shape, in[0].dataType()) : null;
    if (ctx.needsGradient(1) && Tensors.isFloat(in[1])) {
      g[1] = Tensors.reduceTo(Tensors.create(gScale, innerShape, in[1].dataType()), in[1].shape());
    }
    if (in.length > 2 && in[2] != null && ctx.needsGradient(2)) {
      g[2] = Tensors.reduceTo(Tensors.create(gBias, innerShape, in[2].dataType()), in[2].shape());
    }
    return g;
  }
}

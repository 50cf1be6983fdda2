package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Clip to [min, max] (attributes before opset 11, optional scalar inputs after). The gradient
 * passes where min <= x <= max, as in PyTorch's clamp.
 */
final class ClipOp implements Op {
  private final double attrMin;
  private final double attrMax;

  ClipOp(Node node) {
    attrMin = node.attributes().getFloat("min", Float.NEGATIVE_INFINITY);
    attrMax = node.attributes().getFloat("max", Float.POSITIVE_INFINITY);
  }

  private double[] bounds(INDArray[] in) {
    double lo = in.length > 1 && in[1] != null ? in[1].getDouble(0) : attrMin;
    double hi = in.length > 2 && in[2] != null ? in[2].getDouble(0) : attrMax;
    return new double[] {lo, hi};
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    double[] b = bounds(in);
    double[] x = Tensors.values(in[0]);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = Math.min(Math.max(x[i], b[0]), b[1]);
    }
    return new INDArray[] {Tensors.create(y, in[0].shape(), in[0].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    double[] b = bounds(in);
    double[] x = Tensors.values(in[0]);
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      gx[i] = x[i] >= b[0] && x[i] <= b[1] ? g[i] : 0;
    }
    INDArray[] grads = new INDArray[in.length];
    grads[0] = Tensors.create(gx, in[0].shape(), in[0].dataType());
    return grads;
  }
}

package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Where(condition, x, y) with broadcasting; the gradient flows to x where the condition holds, else to y. */
final class WhereOp implements Op {
  WhereOp(Node node) {}

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = Tensors.broadcastShape(Tensors.broadcastShape(in[0].shape(), in[1].shape()), in[2].shape());
    double[] c = Tensors.values(Tensors.expand(in[0], shape));
    double[] x = Tensors.values(Tensors.expand(in[1], shape));
    double[] y = Tensors.values(Tensors.expand(in[2], shape));
    double[] z = new double[c.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = c[i] != 0 ? x[i] : y[i];
    }
    return new INDArray[] {Tensors.create(z, shape, in[1].dataType())};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    long[] shape = gOut[0].shape();
    double[] c = Tensors.values(Tensors.expand(in[0], shape));
    double[] g = Tensors.values(gOut[0]);
    double[] gx = new double[g.length];
    double[] gy = new double[g.length];
    for (int i = 0; i < g.length; i++) {
      if (c[i] != 0) {
        gx[i] = g[i];
      } else {
        gy[i] = g[i];
      }
    }
    INDArray[] grads = new INDArray[3];
    if (Tensors.isFloat(in[1])) {
      grads[1] = Tensors.reduceTo(Tensors.create(gx, shape, in[1].dataType()), in[1].shape());
      grads[2] = Tensors.reduceTo(Tensors.create(gy, shape, in[2].dataType()), in[2].shape());
    }
    return grads;
  }
}

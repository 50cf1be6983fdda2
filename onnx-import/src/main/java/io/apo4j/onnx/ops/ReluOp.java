package io.apo4j.onnx.ops;

import io.apo4j.api.kernels.ArrayPool;
import io.apo4j.api.kernels.Relu;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Relu through {@link Relu}'s vectorised loops over the arrays' memory: the hottest elementwise op
 * of MLPs and CNNs. Other types and layouts take the generic elementwise path.
 */
final class ReluOp implements Op {
  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    INDArray x = Tensors.contiguous(in[0]);
    if (!Relu.supports(x)) {
      return new UnaryOps.Elementwise(ScalarFunctions.byName("Relu")).forward(ctx, in);
    }
    INDArray y = ArrayPool.uninitializedLike(x);
    Relu.forward(x, y);
    return new INDArray[] {y};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray y = Tensors.contiguous(out[0]);
    INDArray g = Tensors.contiguous(gOut[0]);
    if (g.dataType() != y.dataType() || !Relu.supports(y, g)) {
      return new UnaryOps.Elementwise(ScalarFunctions.byName("Relu")).backward(ctx, in, out, gOut);
    }
    INDArray gx = ArrayPool.uninitializedLike(y);
    Relu.backward(y, g, gx);
    return new INDArray[] {gx};
  }
}

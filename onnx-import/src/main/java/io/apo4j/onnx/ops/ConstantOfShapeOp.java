package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ConstantOfShape: a tensor of the shape given as input, filled with the one-element {@code value} (default float 0). */
final class ConstantOfShapeOp implements Op {
  private final double value;
  private final DataType type;

  ConstantOfShapeOp(Node node) {
    INDArray v = node.attributes().getTensor("value");
    if (v != null && v.length() != 1) {
      throw node.attributes().unsupported("value", "a one-element tensor, found shape " + Arrays.toString(v.shape()));
    }
    value = v == null ? 0 : v.getDouble(0);
    type = v == null ? DataType.FLOAT : v.dataType();
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    long[] shape = Tensors.longs(in[0]);
    Tensors.checkSize(shape);
    double[] v = new double[(int) Tensors.size(shape)];
    Arrays.fill(v, value);
    // a float32 fill inside a float64 pass (gradient checks) stays float64, like every float tensor there
    DataType t = type == DataType.FLOAT && ctx.floatType() == DataType.DOUBLE ? DataType.DOUBLE : type;
    return new INDArray[] {Tensors.create(v, shape, t)};
  }
}

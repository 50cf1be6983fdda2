package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.load.OnnxTypes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cast to the {@code to} element type. Between float types the gradient is cast back; to or from
 * integer types nothing flows. A cast to float32 inside a float64 pass keeps float64, so gradient
 * checks stay in double precision.
 */
final class CastOp implements Op {
  private final DataType to;

  CastOp(Node node) {
    to = OnnxTypes.toNd4j((int) node.attributes().getInt("to", 1), node.where());
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    DataType target = to == DataType.FLOAT && ctx.floatType() == DataType.DOUBLE ? DataType.DOUBLE : to;
    if (target == DataType.BOOL) {
      return new INDArray[] {Tensors.create(Tensors.values(in[0]), in[0].shape(), DataType.BOOL)};
    }
    if (!target.isFPType() && in[0].dataType().isFPType()) {
      // ONNX truncates toward zero when casting floats to integers
      return new INDArray[] {Tensors.create(Tensors.values(in[0]), in[0].shape(), target)};
    }
    return new INDArray[] {in[0].dataType() == target ? in[0] : in[0].castTo(target)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    boolean floats = in[0].dataType().isFPType() && out[0].dataType().isFPType();
    return new INDArray[] {floats ? gOut[0].castTo(in[0].dataType()) : null};
  }
}

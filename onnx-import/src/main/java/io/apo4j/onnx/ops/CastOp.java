package io.apo4j.onnx.ops;

import io.apo4j.onnx.graph.Node;
import io.apo4j.onnx.load.OnnxTypes;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Cast to the element type in {@code to} (CastLike: to the element type of the second input),
 * exactly as ONNX says (a float64 pass through {@code Cast(to=FLOAT)} rounds there, as ONNX
 * Runtime does). Between float types the gradient is cast back to the input's type; CastLike's
 * second input only lends its type and gets no gradient.
 */
final class CastOp implements Op {
  /** The target type, or null for CastLike. */
  private final DataType to;

  CastOp(Node node) {
    if (node.opType().equals("CastLike")) {
      to = null;
      return;
    }
    if (!node.attributes().has("to")) {
      throw node.attributes().unsupported("to", "an element type number");
    }
    to = OnnxTypes.toNd4j((int) node.attributes().getInt("to", 0), node.where());
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    DataType t = to != null ? to : in[1].dataType();
    INDArray x = in[0];
    if (x.dataType() == t) {
      return new INDArray[] {x};
    }
    if (x.dataType().isFPType() && !t.isFPType() && t != DataType.BOOL) {
      // ONNX casts float to integer by truncation toward zero, as C does
      double[] v = Tensors.values(x);
      for (int i = 0; i < v.length; i++) {
        v[i] = v[i] < 0 ? Math.ceil(v[i]) : Math.floor(v[i]);
      }
      return new INDArray[] {Tensors.create(v, x.shape(), t)};
    }
    return new INDArray[] {x.castTo(t)};
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    if (Tensors.isFloat(in[0]) && out[0].dataType().isFPType() && gOut[0] != null && ctx.needsGradient(0)) {
      g[0] = gOut[0].castTo(in[0].dataType());
    }
    return g;
  }
}

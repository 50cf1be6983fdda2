package io.apo4j.onnx.ops;

import ai.onnx.proto.OnnxMl.AttributeProto;
import com.google.protobuf.ByteString;
import io.apo4j.onnx.graph.Attributes;
import io.apo4j.onnx.graph.Node;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Upsample (opsets 7 to 9, what PyTorch exports nn.Upsample as before opset 11): a Resize with
 * asymmetric coordinates, nearest rounding down, scales from the attribute (opset 7) or the
 * second input (opset 9).
 */
final class UpsampleOp implements Op {
  private static final List<String> MODES = List.of("nearest", "linear", "bilinear");
  private final Op resize;
  private final float[] scalesAttr;

  UpsampleOp(Node node) {
    Attributes a = node.attributes();
    String mode = a.getString("mode", "nearest");
    if (!MODES.contains(mode)) {
      throw a.unsupported("mode", MODES.toString());
    }
    scalesAttr = a.getFloats("scales", null);
    List<AttributeProto> resizeAttributes = List.of(text("mode", mode.equals("nearest") ? "nearest" : "linear"),
        text("coordinate_transformation_mode", "asymmetric"), text("nearest_mode", "floor"));
    Node asResize = new Node(node.index(), node.name(), "Resize", node.domain(), 13, node.inputs(), node.outputs(),
        new Attributes(resizeAttributes, a.file()), node.where());
    resize = ResizeNearestOp.create(asResize);
  }

  private static AttributeProto text(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value)).build();
  }

  private INDArray[] asResizeInputs(INDArray[] in) {
    INDArray scales = scalesAttr != null ? Nd4j.createFromArray(scalesAttr) : in[1];
    return new INDArray[] {in[0], null, scales};
  }

  @Override
  public INDArray[] forward(OpContext ctx, INDArray[] in) {
    return resize.forward(ctx, asResizeInputs(in));
  }

  @Override
  public INDArray[] backward(OpContext ctx, INDArray[] in, INDArray[] out, INDArray[] gOut) {
    INDArray[] g = new INDArray[in.length];
    g[0] = resize.backward(ctx, asResizeInputs(in), out, gOut)[0];
    if (in.length > 1 && Tensors.isFloat(in[1]) && ctx.needsGradient(1)) {
      g[1] = Tensors.zerosLike(in[1]); // scales pick sample positions: treated as constants
    }
    return g;
  }
}

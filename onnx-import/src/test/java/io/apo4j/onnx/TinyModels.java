package io.apo4j.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small ONNX models built in code for import tests: y = x W^T (Gemm, transB=1), W 3 x 4. */
final class TinyModels {
  private TinyModels() {}

  static ValueInfoProto value(String name, long... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : dims) {
      shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("batch")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
  }

  static TensorProto weight(String name, long rows, long cols) {
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addDims(rows).addDims(cols);
    for (int i = 0; i < rows * cols; i++) {
      t.addFloatData(0.1f * i - 0.5f);
    }
    return t.build();
  }

  static NodeProto gemm(String name, String a, String b, String out) {
    return NodeProto.newBuilder().setName(name).setOpType("Gemm").addInput(a).addInput(b).addOutput(out)
        .addAttribute(AttributeProto.newBuilder().setName("transB").setType(AttributeProto.AttributeType.INT).setI(1))
        .build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static GraphProto.Builder graph() {
    return GraphProto.newBuilder().setName("tiny").addInput(value("x", -1, 4)).addInitializer(weight("W", 3, 4))
        .addNode(gemm("fc", "x", "W", "y")).addOutput(value("y", -1, 3));
  }

  static ModelProto model(GraphProto.Builder graph, long opset) {
    return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
  }

  static Path write(Path dir, String name, ModelProto model) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, model.toByteArray());
    return file;
  }
}

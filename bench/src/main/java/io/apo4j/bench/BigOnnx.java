package io.apo4j.bench;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a large MLP as an ONNX file (opset 13, Gemm with transB like PyTorch's export, dynamic
 * batch axis) for the import-time benchmark: 784-3072-3072-10, about 11.9 M parameters.
 */
final class BigOnnx {
  static final int[] SIZES = {784, 3072, 3072, 10};

  private BigOnnx() {}

  static long parameterCount() {
    long n = 0;
    for (int l = 0; l + 1 < SIZES.length; l++) {
      n += (long) SIZES[l] * SIZES[l + 1] + SIZES[l + 1];
    }
    return n;
  }

  static void write(Path target) throws IOException {
    Random random = new Random(7);
    OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder().setName("big_mlp")
        .addInput(value("input", "batch", SIZES[0])).addOutput(value("logits", "batch", SIZES[SIZES.length - 1]));
    String x = "input";
    for (int l = 0; l + 1 < SIZES.length; l++) {
      String w = "fc" + (l + 1) + ".weight";
      String b = "fc" + (l + 1) + ".bias";
      graph.addInitializer(tensor(w, random, SIZES[l + 1], SIZES[l]));
      graph.addInitializer(tensor(b, random, SIZES[l + 1]));
      boolean last = l + 2 == SIZES.length;
      String y = last ? "logits" : "/fc" + (l + 1) + "/Gemm_output_0";
      graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Gemm").setName("/fc" + (l + 1) + "/Gemm")
          .addInput(x).addInput(w).addInput(b).addOutput(y)
          .addAttribute(OnnxMl.AttributeProto.newBuilder().setName("transB").setI(1)
              .setType(OnnxMl.AttributeProto.AttributeType.INT)));
      if (!last) {
        String r = "/Relu_" + l + "_output_0";
        graph.addNode(OnnxMl.NodeProto.newBuilder().setOpType("Relu").setName("/Relu_" + l).addInput(y).addOutput(r));
        y = r;
      }
      x = y;
    }
    OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder().setIrVersion(7).setProducerName("apo4j-bench")
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph).build();
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(target)) {
      model.writeTo(out);
    }
  }

  private static OnnxMl.ValueInfoProto value(String name, String batch, int features) {
    OnnxMl.TensorShapeProto shape = OnnxMl.TensorShapeProto.newBuilder()
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
        .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(features)).build();
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
            .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape))).build();
  }

  private static OnnxMl.TensorProto tensor(String name, Random random, int... dims) {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    double scale = 1 / Math.sqrt(dims[dims.length - 1]);
    ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      bytes.putFloat((float) ((random.nextFloat() * 2 - 1) * scale));
    }
    bytes.flip();
    OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
        .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(bytes));
    for (int d : dims) {
      t.addDims(d);
    }
    return t.build();
  }
}

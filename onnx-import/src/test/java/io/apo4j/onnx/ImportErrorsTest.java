package io.apo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ModelImportException;
import io.apo4j.api.model.ModelImportException.Reason;
import io.apo4j.onnx.model.OnnxModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad model files fail at import with a typed error naming the file and the cause. */
class ImportErrorsTest {
  @TempDir
  Path dir;

  private ModelImportException failure(Path file) {
    return assertThrows(ModelImportException.class, () -> OnnxImporter.importModel(file, OnnxImportOptions.DEFAULTS));
  }

  private void assertNames(ModelImportException e, Path file, String... parts) {
    assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "message contains '" + p + "': " + e.getMessage());
    }
  }

  @Test
  void acceptsTheTinyModelAndANewerOpsetNumber() throws Exception {
    try (OnnxModel m = OnnxImporter.importModel(TinyModels.write(dir, "new.onnx",
        TinyModels.model(TinyModels.graph(), 99)), OnnxImportOptions.DEFAULTS)) {
      assertEquals(1, m.kroneckerLayers().size());
      assertEquals("W", m.kroneckerLayers().get(0).weight());
    }
  }

  @Test
  void refusesGarbageAndTruncatedFiles() throws Exception {
    Path garbage = dir.resolve("garbage.onnx");
    Files.write(garbage, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f, 1, 2, 3});
    assertEquals(Reason.CORRUPT, failure(garbage).reason());
    byte[] good = TinyModels.model(TinyModels.graph(), 13).toByteArray();
    Path cut = dir.resolve("cut.onnx");
    for (int len : new int[] {0, 5, good.length / 2, good.length - 3}) {
      Files.write(cut, Arrays.copyOf(good, len));
      ModelImportException e = failure(cut);
      assertNames(e, cut);
    }
    assertEquals(Reason.CORRUPT, failure(dir.resolve("missing.onnx")).reason());
  }

  @Test
  void refusesDanglingInputsAndCycles() throws Exception {
    Path dangling = TinyModels.write(dir, "dangling.onnx", TinyModels.model(TinyModels.graph()
        .setNode(0, TinyModels.gemm("fc", "x", "nowhere", "y")), 13));
    ModelImportException e = failure(dangling);
    assertEquals(Reason.INVALID_GRAPH, e.reason());
    assertNames(e, dangling, "fc", "nowhere");
    Path cycle = TinyModels.write(dir, "cycle.onnx", TinyModels.model(TinyModels.graph().clearNode()
        .addNode(NodeProto.newBuilder().setName("a").setOpType("Relu").addInput("b_out").addOutput("a_out"))
        .addNode(NodeProto.newBuilder().setName("b").setOpType("Relu").addInput("a_out").addOutput("b_out"))
        .addNode(TinyModels.gemm("fc", "x", "W", "y")), 13));
    e = failure(cycle);
    assertEquals(Reason.INVALID_GRAPH, e.reason());
    assertNames(e, cycle, "cycle");
  }

  @Test
  void unsupportedOpNamesNodeTypeOpsetAndTheSupportedSet() throws Exception {
    Path file = TinyModels.write(dir, "loop.onnx", TinyModels.model(TinyModels.graph()
        .addNode(NodeProto.newBuilder().setName("weird").setOpType("Loop").addInput("y").addOutput("z")), 17));
    ModelImportException e = failure(file);
    assertEquals(Reason.UNSUPPORTED, e.reason());
    assertNames(e, file, "'weird'", "Loop", "opset 17", "Gemm-6+");
  }

  @Test
  void shapeMismatchFailsAtImportNamingTheNode() throws Exception {
    Path file = TinyModels.write(dir, "mismatch.onnx", TinyModels.model(TinyModels.graph()
        .setInitializer(0, TinyModels.weight("W", 3, 5)), 13));
    ModelImportException e = failure(file);
    assertEquals(Reason.SHAPE_MISMATCH, e.reason());
    assertNames(e, file, "'fc'");
  }

  @Test
  void refusesAbsurdDimensions() throws Exception {
    Path file = TinyModels.write(dir, "huge.onnx", TinyModels.model(TinyModels.graph()
        .setInitializer(0, TensorProto.newBuilder().setName("W").setDataType(1).addDims(1L << 40).addDims(1L << 40)), 13));
    assertEquals(Reason.REFUSED, failure(file).reason());
    Path negative = TinyModels.write(dir, "negative.onnx", TinyModels.model(TinyModels.graph()
        .setInitializer(0, TensorProto.newBuilder().setName("W").setDataType(1).addDims(-3).addDims(4)), 13));
    assertEquals(Reason.REFUSED, failure(negative).reason());
  }

  @Test
  void refusesExternalDataOutsideTheModelFolder() throws Exception {
    Path inner = Files.createDirectory(dir.resolve("model"));
    Files.write(dir.resolve("secret.bin"), new byte[48]);
    TensorProto external = TensorProto.newBuilder().setName("W").setDataType(1).addDims(3).addDims(4)
        .setDataLocation(TensorProto.DataLocation.EXTERNAL)
        .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("../secret.bin")).build();
    Path file = TinyModels.write(inner, "escape.onnx", TinyModels.model(TinyModels.graph().setInitializer(0, external), 13));
    ModelImportException e = failure(file);
    assertEquals(Reason.REFUSED, e.reason());
    assertNames(e, file, "../secret.bin");
    Files.write(inner.resolve("weights.bin"), new byte[48]);
    TensorProto inside = external.toBuilder().setExternalData(0,
        StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
    try (OnnxModel m = OnnxImporter.importModel(TinyModels.write(inner, "ok.onnx",
        TinyModels.model(TinyModels.graph().setInitializer(0, inside), 13)), OnnxImportOptions.DEFAULTS)) {
      assertEquals(0.0, m.parameters().get("W").sumNumber().doubleValue());
    }
  }

  @Test
  void frozenInitializersAreNotParameters() throws Exception {
    Path file = TinyModels.write(dir, "tiny.onnx", TinyModels.model(TinyModels.graph(), 13));
    try (OnnxModel m = OnnxImporter.importModel(file, new OnnxImportOptions("W", true))) {
      assertTrue(m.parameters().isEmpty());
      assertTrue(m.kroneckerLayers().isEmpty());
    }
  }
}

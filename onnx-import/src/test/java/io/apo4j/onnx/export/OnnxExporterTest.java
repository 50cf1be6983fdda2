package io.apo4j.onnx.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** "Same graph, new initializers" on the reference models, checked by re-parsing and by ONNX Runtime. */
class OnnxExporterTest {
  @TempDir
  Path tmp;

  static Stream<String> models() {
    return Reference.MODELS.stream();
  }

  static ModelProto parse(Path file) throws IOException {
    return ModelProto.parseFrom(Files.readAllBytes(file));
  }

  @ParameterizedTest
  @MethodSource("models")
  void replacesEveryInitializerByNameAndKeepsTheGraph(String name) throws Exception {
    Path source = Reference.model(name);
    ModelProto original = parse(source);
    Map<String, INDArray> values = new LinkedHashMap<>();
    Initializers.floats(original).forEach((n, v) -> values.put(n, v.mul(0.5).add(0.25)));
    Path target = tmp.resolve("out/" + name + ".onnx");
    new OnnxExporter(original, source).write(values, target);

    ModelProto exported = parse(target);
    Map<String, INDArray> written = Initializers.floats(exported);
    assertEquals(values.keySet(), written.keySet());
    values.forEach((n, v) -> assertEquals(v, written.get(n), n));
    assertEquals(stripData(original), stripData(exported), "graph, names and dims must be unchanged");
    try (Stream<Path> s = Files.list(target.getParent())) {
      assertEquals(1, s.count(), "no temporary file may remain");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void ortComputesTheOriginalOutputsAtUnchangedValuesAndOthersAtNewOnes(String name) throws Exception {
    Path source = Reference.model(name);
    ModelProto original = parse(source);
    Map<String, INDArray> same = Initializers.floats(original);
    Path unchanged = tmp.resolve(name + "_same.onnx");
    new OnnxExporter(original, source).write(same, unchanged);
    INDArray input = Reference.input(name, 0);
    INDArray expected = Ort.run(source, input);
    assertEquals(expected, Ort.run(unchanged, input), "bit-identical values must give bit-identical outputs");

    Map<String, INDArray> scaled = new LinkedHashMap<>(same);
    scaled.replaceAll((n, v) -> v.mul(1.5));
    Path changed = tmp.resolve(name + "_scaled.onnx");
    new OnnxExporter(original, source).write(scaled, changed);
    assertFalse(expected.equalsWithEps(Ort.run(changed, input), 1e-3), "new values must reach ONNX Runtime");
  }

  @Test
  void embedsExternalDataSoTheExportStandsAlone() throws Exception {
    Path source = Reference.model("mlp_digits");
    Path dir = Files.createDirectories(tmp.resolve("external"));
    Path model = dir.resolve("model.onnx");
    Files.write(model, ExternalModels.externalize(parse(source), dir.resolve("weights.bin"), "weights.bin").toByteArray());
    INDArray input = Reference.input("mlp_digits", 0);
    INDArray expected = Ort.run(source, input);
    assertEquals(expected, Ort.run(model, input), "ORT reads the external-data model");

    Path target = tmp.resolve("standalone/model.onnx");
    ModelProto external = parse(model);
    new OnnxExporter(external, model).write(Map.of(), target);
    assertTrue(parse(target).getGraph().getInitializerList().stream().noneMatch(ExternalTensorData::isExternal));
    assertEquals(expected, Ort.run(target, input));
    assertEquals(Initializers.floats(parse(source)), Initializers.floats(parse(target)));
  }

  @Test
  void refusesExternalDataOutsideTheModelFolder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("inner"));
    Path outside = tmp.resolve("secret.bin");
    ModelProto external = ExternalModels.externalize(parse(Reference.model("mlp_digits")), outside, "../secret.bin");
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> new OnnxExporter(external, dir.resolve("m.onnx")).write(Map.of(), tmp.resolve("x.onnx")));
    assertTrue(e.getMessage().contains("'../secret.bin' is refused"), e.getMessage());
    assertTrue(e.getMessage().contains("m.onnx, initializer 'fc1.weight'"), e.getMessage());
  }

  @Test
  void namesUnknownInitializersAndWrongSizes() throws Exception {
    Path source = Reference.model("mlp_digits");
    OnnxExporter exporter = new OnnxExporter(parse(source), source);
    Apo4jException unknown = assertThrows(Apo4jException.class,
        () -> exporter.write(Map.of("fc9.weight", Nd4j.zeros(2)), tmp.resolve("u.onnx")));
    assertTrue(unknown.getMessage().contains("no initializer named [fc9.weight]"), unknown.getMessage());
    Apo4jException size = assertThrows(Apo4jException.class,
        () -> exporter.write(Map.of("fc1.bias", Nd4j.zeros(DataType.FLOAT, 3)), tmp.resolve("s.onnx")));
    assertTrue(size.getMessage().contains("initializer 'fc1.bias': value has shape [3]"), size.getMessage());
    assertFalse(Files.exists(tmp.resolve("s.onnx")));
  }

  @Test
  void acceptsDoubleValuesAndParamsPlusBuffers() throws Exception {
    Path source = Reference.model("mlp_digits");
    ModelProto original = parse(source);
    Map<String, INDArray> f = Initializers.floats(original);
    TensorMap params = TensorMap.of(Map.of("fc1.weight", f.get("fc1.weight").castTo(DataType.DOUBLE)));
    TensorMap buffers = TensorMap.of(Map.of("fc2.bias", f.get("fc2.bias").mul(2)));
    Path target = tmp.resolve("d.onnx");
    new OnnxExporter(original, source).write(params, buffers, target);
    Map<String, INDArray> written = Initializers.floats(parse(target));
    assertEquals(f.get("fc1.weight"), written.get("fc1.weight"));
    assertEquals(f.get("fc2.bias").mul(2), written.get("fc2.bias"));
    assertEquals(f.get("fc1.bias"), written.get("fc1.bias"));
  }

  private static ModelProto stripData(ModelProto m) {
    GraphProto.Builder g = m.getGraph().toBuilder();
    for (int i = 0; i < g.getInitializerCount(); i++) {
      g.setInitializer(i, g.getInitializer(i).toBuilder().clearRawData().clearFloatData());
    }
    return m.toBuilder().setGraph(g).build();
  }
}

package io.apo4j.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.apo4j.api.model.ForwardPass;
import io.apo4j.api.model.Mode;
import io.apo4j.api.model.TensorSpec;
import io.apo4j.onnx.load.TensorDecoder;
import io.apo4j.onnx.model.OnnxModel;
import io.apo4j.onnx.ops.Tensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs the few ONNX node test cases committed under src/test/resources/onnx-node-cases (see its
 * README) the way {@code apo conformance} does: every output within 1e-5 + 1e-4 |expected|, same
 * shape, integer outputs exact, NaN matching NaN.
 */
class NodeCasesTest {
  private static final Path DIR = Path.of("src", "test", "resources", "onnx-node-cases");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> s = Files.list(DIR)) {
      List<String> names = s.filter(p -> Files.isRegularFile(p.resolve("model.onnx")))
          .map(p -> p.getFileName().toString()).sorted().toList();
      return names.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void outputsMatchTheExpectedOnes(String name) throws IOException {
    Path folder = DIR.resolve(name);
    Path data = folder.resolve("test_data_set_0");
    try (OnnxModel model = OnnxImporter.importModel(folder.resolve("model.onnx"), OnnxImportOptions.DEFAULTS)) {
      Map<String, INDArray> feed = new HashMap<>();
      List<TensorSpec> inputs = model.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        feed.put(inputs.get(i).name(), read(data.resolve("input_" + i + ".pb")));
      }
      ForwardPass pass = model.forward(model.parameters(), model.buffers(), feed, Mode.EVAL, 0);
      List<TensorSpec> outputs = model.outputs();
      for (int k = 0; k < outputs.size(); k++) {
        INDArray expected = read(data.resolve("output_" + k + ".pb"));
        INDArray actual = pass.outputs().get(outputs.get(k).name());
        assertArrayEquals(expected.shape(), actual.shape(), name + " output " + k + " shape");
        assertEquals(expected.dataType().isFPType(), actual.dataType().isFPType(), name + " output " + k + " type");
        double[] e = Tensors.values(expected);
        double[] a = Tensors.values(actual);
        for (int j = 0; j < e.length; j++) {
          boolean ok = Double.isNaN(e[j]) ? Double.isNaN(a[j])
              : e[j] == a[j] || Math.abs(a[j] - e[j]) <= 1e-5 + 1e-4 * Math.abs(e[j]);
          assertTrue(ok, name + " output " + k + " element " + j + ": " + a[j] + ", expected " + e[j]);
        }
      }
    }
  }

  private static INDArray read(Path file) throws IOException {
    return TensorDecoder.decode(TensorProto.parseFrom(Files.readAllBytes(file)), file);
  }
}

package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.apo4j.distribution.Dist.ProcessResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apo inspect} and {@code apo conformance} as shipped, with the onnx-import plugin from the
 * distribution's plugins folder. The conformance floors are pass counts measured when the test
 * was written: a drop means a regression in the importer or the command.
 */
class OnnxCommandsTest {
  /** Dev-case pass count measured 2026-11-28 (125 of 125; check.py agrees); raise it when more ops land. */
  static final int DEV_CASES_FLOOR = 125;
  /** Dev-model pass count measured 2026-11-28 (44 of 44; check.py agrees). */
  static final int DEV_MODELS_FLOOR = 44;

  @TempDir
  Path tmp;

  static Path conformance(String relative) {
    Optional<Path> dir = shared("reference/onnx-conformance/" + relative);
    assumeTrue(dir.isPresent(), "shared/reference/onnx-conformance not found beside the repository");
    return dir.get();
  }

  static Optional<Path> shared(String relative) {
    for (Path d = Dist.repoRoot(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("shared").resolve(relative))) {
        return Optional.of(d.resolve("shared").resolve(relative));
      }
    }
    return Optional.empty();
  }

  @Test
  void conformanceOnTheDevCasesKeepsItsPassCount() throws Exception {
    assertPassCountAtLeast(conformance("cases/dev"), DEV_CASES_FLOOR, tmp.resolve("cases"));
  }

  @Test
  void conformanceOnTheDevModelsKeepsItsPassCount() throws Exception {
    assertPassCountAtLeast(conformance("models/dev"), DEV_MODELS_FLOOR, tmp.resolve("models"));
  }

  @Test
  void inspectShowsParametersAndKroneckerLayersOfLenet() throws Exception {
    Path model = shared("reference/torch/models/lenet5_fmnist.onnx").orElse(null);
    assumeTrue(model != null, "reference models not found");
    ProcessResult r = Dist.runCli("inspect", model.toString());
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stdout().contains("input: float32[batch, 1, 28, 28]"), r.stdout());
    assertTrue(r.stdout().matches("(?s).*\n  conv1.weight +\\[6, 1, 5, 5] +150 +float32\n.*"), r.stdout());
    assertTrue(r.stdout().contains("kronecker layers (5):"), r.stdout());
    assertTrue(r.stdout().contains("unsupported ops: none"), r.stdout());
  }

  @Test
  void inspectListsEveryUnsupportedOpAndTheImportError() throws Exception {
    Path source = shared("reference/torch/models/mlp_digits.onnx").orElse(null);
    assumeTrue(source != null, "reference models not found");
    ModelProto m = ModelProto.parseFrom(Files.readAllBytes(source));
    GraphProto.Builder g = m.getGraph().toBuilder();
    g.getNodeBuilder(1).setOpType("FooBar");
    Path model = tmp.resolve("foobar.onnx");
    Files.write(model, m.toBuilder().setGraph(g).build().toByteArray());
    ProcessResult r = Dist.runCli("inspect", model.toString());
    assertEquals(2, r.exitCode(), r.stdout() + r.stderr());
    assertTrue(r.stdout().contains("  FooBar  1\n"), r.stdout());
    assertTrue(r.stdout().contains("unsupported ops: FooBar\n"), r.stdout());
    assertTrue(r.stdout().contains("import failed (UNSUPPORTED): " + model), r.stdout());
  }

  private static void assertPassCountAtLeast(Path dir, int floor, Path out) throws Exception {
    ProcessResult r = Dist.runCli("conformance", dir.toString(), "--out", out.toString());
    Matcher m = Pattern.compile("(?m)^(\\d+) passed, (\\d+) failed$").matcher(r.stdout());
    assertTrue(m.find(), "no final count line in:\n" + r.stdout() + r.stderr());
    int passed = Integer.parseInt(m.group(1));
    System.out.println(dir + ": " + m.group());
    assertTrue(passed >= floor, dir + ": " + passed + " cases passed; expected at least " + floor + "\n" + r.stdout());
    assertEquals(Integer.parseInt(m.group(2)) == 0 ? 0 : 1, r.exitCode(), r.stderr());
    assertTrue(Files.isRegularFile(out.resolve(firstPassing(r.stdout())).resolve("test_data_set_0/output_0.pb")),
        "our outputs are written as TensorProto files");
  }

  private static String firstPassing(String stdout) {
    Matcher m = Pattern.compile("(?m)^PASS (\\S+):").matcher(stdout);
    assumeTrue(m.find(), "no case passes yet");
    return m.group(1);
  }
}

package io.apo4j.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host side of {@code inspect} and {@code conformance} with no importer plugin: everything the
 * protobuf says is still shown, and every case fails with the reason. End-to-end runs with the
 * onnx-import plugin are in the distribution's tests.
 */
class OnnxCommandsWithoutImporterTest {
  @TempDir
  Path tmp;

  static Path shared(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("shared").resolve(relative))) {
        return d.resolve("shared").resolve(relative);
      }
    }
    assumeTrue(false, "shared/" + relative + " not found beside an ancestor of the working directory");
    return null;
  }

  @Test
  void inspectShowsTheProtobufSummaryAndWhyItCannotImport() throws Exception {
    Path model = shared("reference/torch/models/lenet5_fmnist.onnx");
    CliRun r = CliRun.of("inspect", model.toString(), "--plugins-dir", Files.createDirectory(tmp.resolve("p")).toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.out().contains("inputs (1):\n  input: float32[batch, 1, 28, 28]"), r.out());
    assertTrue(r.out().contains("outputs (1):\n  logits: float32[batch, 10]"), r.out());
    assertTrue(r.out().matches("(?s).*\n  Conv +2\n.*"), r.out());
    assertTrue(r.out().matches("(?s).*\n  Gemm +3\n.*"), r.out());
    assertTrue(r.err().contains("no model importer reads this file"), r.err());
  }

  @Test
  void inspectRejectsAFileThatIsNotAModel() throws Exception {
    Path junk = Files.write(tmp.resolve("junk.onnx"), new byte[] {(byte) 0xff, (byte) 0xff, 0x01});
    CliRun r = CliRun.of("inspect", junk.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("junk.onnx: not a readable ONNX model"), r.err());
  }

  @Test
  void conformanceCountsEveryCaseAsFailedWithTheReason() throws Exception {
    Path cases = shared("reference/onnx-conformance/cases/dev");
    long n;
    try (var s = Files.list(cases)) {
      n = s.filter(p -> Files.exists(p.resolve("model.onnx"))).count();
    }
    CliRun r = CliRun.of("conformance", cases.toString(), "--out", tmp.resolve("out").toString(),
        "--plugins-dir", Files.createDirectory(tmp.resolve("p")).toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.out().contains("FAIL test_abs: import failed: "), r.out());
    assertTrue(r.out().endsWith("0 passed, " + n + " failed\n"), r.out());
  }
}

package io.apo4j.host.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apo4j.host.cli.Main;
import io.apo4j.host.testutil.TestPlugins;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job ({@code apo demo}, the same as {@code apo train} without a config) on the embedded
 * LeNet-5 and Fashion-MNIST subset, shortened to a few steps: it writes metrics, plots and an ONNX
 * model that ONNX Runtime evaluates to the same test figures as the trainer.
 */
class DemoRunTest {
  @TempDir
  Path tmp;

  @Test
  void demoTrainsExportsAndEvaluatesWithOnnxRuntime() throws Exception {
    Path out = tmp.resolve("demo");
    int code = Main.run("demo", "--out", out.toString(), "--quiet", "--plugins-dir", TestPlugins.dir().toString(),
        "--set", "epochs=0", "--set", "steps=6");
    assertEquals(0, code);
    RunDirectory dir = new RunDirectory(out);
    assertEquals(6, Files.readAllLines(dir.metrics()).size());
    for (String plot : new String[] {"loss.png", "accuracy.png", "lr.png"}) {
      assertTrue(Files.size(dir.plots().resolve(plot)) > 1000, plot);
    }
    assertTrue(Files.size(dir.finalModel()) > 200_000, "exported ONNX model");
    JsonNode summary = new ObjectMapper().readTree(dir.summary().toFile());
    double nd4j = summary.at("/test/eval-accuracy").asDouble();
    double ort = summary.at("/onnx-runtime/eval-accuracy").asDouble();
    assertEquals(1024, summary.at("/onnx-runtime/examples").asInt());
    assertEquals(nd4j, ort, 1.5e-3, "ONNX Runtime and the trainer disagree on the exported model");
    assertEquals(summary.at("/test/eval-loss").asDouble(), summary.at("/onnx-runtime/eval-loss").asDouble(), 1e-4);
    JsonNode provenance = new ObjectMapper().readTree(dir.provenance().toFile());
    assertEquals("onnx", provenance.at("/plugins/model-importer/id").asText());
    assertTrue(provenance.at("/plugins/model-importer/jar").asText().contains("onnx-import"));
  }
}

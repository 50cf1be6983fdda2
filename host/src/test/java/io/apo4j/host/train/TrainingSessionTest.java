package io.apo4j.host.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apo4j.api.Apo4jException;
import io.apo4j.host.checkpoint.CheckpointFile;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.testutil.DenseReluImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSessionTest {
  private static final PluginRegistry REGISTRY = DenseReluImporter.registry();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aRunWritesMetricsEvaluationsCheckpointPlotsAndProvenance() throws Exception {
    Map<String, Object> tree = RunFixtures.denseTree(tmp, 40);
    RunResult r = TrainingSession.start(RunFixtures.config(tree), REGISTRY, RunFixtures.QUIET);
    RunDirectory dir = new RunDirectory(r.dir());
    List<String> lines = Files.readAllLines(dir.metrics());
    assertEquals(40, lines.size());
    double first = 0;
    double last = 0;
    for (int t = 0; t < 40; t++) {
      JsonNode n = JSON.readTree(lines.get(t));
      assertEquals(t, n.get("step").asInt());
      assertEquals(t / 32, n.get("epoch").asInt());
      assertEquals(0.05, n.get("lr").asDouble());
      assertTrue(n.get("step-time-ms").asDouble() > 0);
      assertEquals(t % 20 == 0, n.has("eval-accuracy"), "eval only at eval steps");
      first += t < 10 ? n.get("loss").asDouble() : 0;
      last += t >= 30 ? n.get("loss").asDouble() : 0;
    }
    assertTrue(last < 0.8 * first, "training should lower the loss: first 10 " + first + ", last 10 " + last);
    List<String> evals = Files.readAllLines(dir.evals());
    assertEquals(List.of(0, 20, 40), evals.stream().map(l -> readStep(l)).toList());
    assertTrue(r.testAccuracy() > 0.5, "accuracy after 40 steps: " + r.testAccuracy());
    assertEquals(40.0, CheckpointFile.read(dir.checkpoint()).run("step"));
    assertEquals(41, Files.readAllLines(dir.metricsCsv()).size());
    assertTrue(Files.size(dir.plots().resolve("loss.png")) > 1000);
    assertTrue(Files.exists(dir.plots().resolve("accuracy.png")) && Files.exists(dir.plots().resolve("lr.png")));
    JsonNode provenance = JSON.readTree(dir.provenance().toFile());
    assertEquals("sgd", provenance.at("/plugins/optimizer/id").asText());
    assertEquals(64, provenance.at("/model/sha256").asText().length());
    assertEquals(2, provenance.at("/data/train/sha256").size());
    assertTrue(provenance.at("/runtime/java").asText().startsWith("17"));
    assertTrue(Files.readString(dir.config()).contains("momentum: 0.9"));
  }

  @Test
  void resumingFromACheckpointReproducesTheUninterruptedMetrics() throws Exception {
    Path a = Files.createDirectory(tmp.resolve("a"));
    TrainingSession.start(RunFixtures.config(RunFixtures.denseTree(a, 40)), REGISTRY, RunFixtures.QUIET);
    Path b = Files.createDirectory(tmp.resolve("b"));
    RunResult stopped = TrainingSession.start(RunFixtures.config(RunFixtures.denseTree(b, 40), "steps=20"), REGISTRY,
        RunFixtures.QUIET);
    RunDirectory dir = new RunDirectory(stopped.dir());
    Files.writeString(dir.config(), Files.readString(dir.config()).replace("steps: 20", "steps: 40"));
    TrainingSession.resume(dir.root(), REGISTRY, RunFixtures.QUIET);
    assertEquals(RunFixtures.metricsWithoutTime(a.resolve("run/metrics.jsonl")),
        RunFixtures.metricsWithoutTime(dir.metrics()));
    assertEquals(Files.readAllLines(a.resolve("run/eval.jsonl")), Files.readAllLines(dir.evals()));
  }

  @Test
  void divergenceStopsNamingStepAndOptimizerAndKeepsTheLastGoodCheckpoint() throws Exception {
    var cfg = RunFixtures.config(RunFixtures.denseTree(tmp, 40), "optimizer.lr=1e30", "checkpoint-every=1",
        "optimizer.momentum=0");
    Apo4jException e = assertThrows(Apo4jException.class, () -> TrainingSession.start(cfg, REGISTRY, RunFixtures.QUIET));
    RunDirectory dir = new RunDirectory(cfg.out());
    long goodSteps = (long) CheckpointFile.read(dir.checkpoint()).run("step");
    assertTrue(e.getMessage().startsWith("step " + goodSteps + ": training diverged with optimizer 'sgd': "),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("the last good checkpoint is kept: " + dir.checkpoint()), e.getMessage());
    assertEquals(goodSteps, Files.readAllLines(dir.metrics()).size());
    assertFalse(Files.exists(dir.summary()));
  }

  private static int readStep(String line) {
    try {
      return JSON.readTree(line).get("step").asInt();
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}

package io.apo4j.host.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLogTest {
  @TempDir
  Path tmp;

  @Test
  void resumingKeepsStepsBeforeTheCheckpointAndDropsATornLine() throws Exception {
    Path file = tmp.resolve("metrics.jsonl");
    try (MetricsLog log = MetricsLog.create(file)) {
      for (int t = 0; t < 5; t++) {
        log.append(Map.of("step", t, "loss", 1.0 / (t + 1)));
      }
    }
    Files.writeString(file, "{\"step\": 5, \"lo", java.nio.file.StandardOpenOption.APPEND);
    try (MetricsLog log = MetricsLog.resumeAt(file, 3)) {
      assertEquals(3, log.records().size());
      log.append(new java.util.LinkedHashMap<>(Map.of("step", 3)));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(4, lines.size());
    assertEquals("{\"step\":3}", lines.get(3));
  }

  @Test
  void nonFiniteNumbersBecomeNullAndCsvHasEveryColumn() throws Exception {
    Path file = tmp.resolve("m.jsonl");
    try (MetricsLog log = MetricsLog.create(file)) {
      log.append(new java.util.LinkedHashMap<>(Map.of("step", 0, "loss", Double.NaN)));
      log.append(new java.util.LinkedHashMap<>(Map.of("step", 1, "eval-loss", 2.0)));
      log.flush();
      assertTrue(Files.readString(file).contains("\"loss\":null"));
      MetricsCsv.write(log.records(), tmp.resolve("m.csv"));
    }
    List<String> csv = Files.readAllLines(tmp.resolve("m.csv"));
    assertEquals(3, csv.size());
    assertEquals(3, csv.get(0).split(",").length);
  }

  @Test
  void plotsAreWrittenAsPng() throws Exception {
    List<Map<String, Object>> steps = List.of(Map.of("step", 0, "loss", 2.3, "lr", 0.1), Map.of("step", 1, "loss", 2.0,
        "lr", 0.1));
    List<Map<String, Object>> evals = List.of(Map.of("step", 0, "eval-loss", 2.2, "eval-accuracy", 0.1),
        Map.of("step", 2, "eval-loss", 1.9, "eval-accuracy", 0.3));
    List<Path> files = Plots.write(steps, evals, tmp, "test");
    assertEquals(3, files.size());
    for (Path p : files) {
      byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(p), 4);
      assertEquals("\u0089PNG", new String(head, java.nio.charset.StandardCharsets.ISO_8859_1), p.toString());
    }
  }
}

package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apo compare --quick} on a committed experiment spec: every run completes, the report is
 * written, and its table agrees with the runs' own metrics files.
 */
class CompareQuickTest {
  @TempDir
  Path out;

  @Test
  void quickLowPrecisionComparisonWritesAReportThatMatchesTheMetrics() throws Exception {
    Path spec = Dist.repoRoot().resolve("experiments/low-precision.yaml");
    Dist.ProcessResult r = Dist.runCli("compare", spec.toString(), "--quick", "--jobs", "2", "--out", out.toString());
    assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
    for (String f : List.of("index.html", "summary.csv", "summary.md", "loss-vs-step.png", "eval-accuracy.png",
        "learning-rate.png", "step-time.png")) {
      assertTrue(Files.size(out.resolve(f)) > 100, f);
    }
    List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
    assertEquals(6, rows.size(), String.join("\n", rows));
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      Path metrics = out.resolve("runs").resolve(cells[0]).resolve("seed-0/metrics.jsonl");
      double lastAccuracy = Double.NaN;
      for (String line : Files.readAllLines(metrics)) {
        JsonNode n = new ObjectMapper().readTree(line);
        if (n.has("eval-accuracy")) {
          lastAccuracy = n.get("eval-accuracy").asDouble();
        }
      }
      // columns: run, seeds, failed, then mean/std pairs; "final test acc" is the 4th pair
      assertEquals(lastAccuracy, Double.parseDouble(cells[3 + 2 * 3]), 1e-12, row);
      assertEquals("0", cells[2], row);
    }
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<img src=\"eval-accuracy.png\"") && html.contains("kfac-bf16"), html);
  }
}

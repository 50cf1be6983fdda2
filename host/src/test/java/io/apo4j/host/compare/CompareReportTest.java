package io.apo4j.host.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of finished runs: tables agree with the metrics files, figures and page exist. */
class CompareReportTest {
  @TempDir
  Path dir;

  @Test
  void summarisesFinishedRunsAsMeanAndStdOverSeeds() throws Exception {
    Path spec = dir.resolve("spec.yaml");
    Files.writeString(spec, """
        name: tiny
        base: {model: m.onnx, steps: 40}
        seeds: [0, 1]
        runs:
          - {name: fast, optimizer: {id: sgd, lr: 0.1}}
          - {name: slow, optimizer: {id: sgd, lr: 0.01}}
        """);
    CompareSpec s = CompareSpec.read(spec, false);
    Path out = dir.resolve("report");
    double[][] finalAcc = new double[2][2];
    for (RunPlan p : ComparePlanner.plan(s, out)) {
      Files.createDirectories(p.dir());
      int v = p.variant().equals("fast") ? 0 : 1;
      StringBuilder m = new StringBuilder();
      for (int step = 0; step < 40; step++) {
        double loss = (v == 0 ? 1.0 : 2.0) / (1 + step) + p.seed() * 0.01;
        m.append(String.format(Locale.ROOT, "{\"step\":%d,\"loss\":%s,\"lr\":0.1,\"step-time-ms\":%d", step, loss, 5 + v));
        if (step % 20 == 19) {
          double acc = 0.5 + 0.1 * v + 0.02 * p.seed() + step / 1000.0;
          finalAcc[v][(int) p.seed()] = acc;
          m.append(String.format(Locale.ROOT, ",\"eval-loss\":%s,\"eval-accuracy\":%s", 1.0 / step, acc));
        }
        m.append("}\n");
      }
      Files.writeString(p.metricsFile(), m + "{\"step\":40,\"lo");
      new RunStatus(0, 3.0, 200 + v).write(p.statusFile());
    }
    StringWriter progress = new StringWriter();
    int failed = new CompareRunner(List.of(), new PrintWriter(progress), 1).run(s, out, true);
    assertEquals(0, failed);
    String csv = Files.readString(out.resolve("summary.csv"));
    String slow = csv.lines().filter(l -> l.startsWith("slow,")).findFirst().orElseThrow();
    String[] cells = slow.split(",");
    double mean = (finalAcc[1][0] + finalAcc[1][1]) / 2;
    double std = Math.abs(finalAcc[1][0] - finalAcc[1][1]) / Math.sqrt(2);
    // columns: run, seeds, failed, then mean/std pairs; final test acc is the 4th figure
    assertEquals(mean, Double.parseDouble(cells[3 + 2 * 3]), 1e-12, slow);
    assertEquals(std, Double.parseDouble(cells[4 + 2 * 3]), 1e-12, slow);
    assertEquals(6.0, Double.parseDouble(cells[3 + 2 * 5]), 1e-12, "median step ms of 'slow'");
    for (String f : List.of("index.html", "summary.md", "loss-vs-step.png", "eval-accuracy.png", "learning-rate.png",
        "step-time.png")) {
      assertTrue(Files.size(out.resolve(f)) > 100, f);
    }
    String html = Files.readString(out.resolve("index.html"));
    assertTrue(html.contains("<img src=\"loss-vs-step.png\"") && html.contains("<td>slow</td>"), html);
  }

  @Test
  void rejectsSpecsWithoutRunsOrWithDuplicateNames() throws Exception {
    Path spec = dir.resolve("bad.yaml");
    Files.writeString(spec, "base: {steps: 1}\nruns:\n  - {name: a}\n  - {name: a}\n");
    var e = org.junit.jupiter.api.Assertions.assertThrows(io.apo4j.api.config.ConfigException.class,
        () -> CompareSpec.read(spec, false));
    assertEquals(spec + ": run name 'a' is used twice", e.getMessage());
  }
}

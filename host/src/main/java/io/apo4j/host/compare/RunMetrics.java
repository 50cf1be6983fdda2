package io.apo4j.host.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The series a comparison plots, read from a run's {@code metrics.jsonl}: training loss,
 * learning rate and step time on every step, and the test-split evaluation where it was run.
 */
public record RunMetrics(double[] steps, double[] loss, double[] lr, double[] stepSeconds, double[] evalSteps,
    double[] evalLoss, double[] evalAccuracy) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code metrics.jsonl}; a torn last line (a killed run) is ignored. */
  public static RunMetrics read(Path file) throws IOException {
    List<double[]> train = new ArrayList<>();
    List<double[]> eval = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException torn) {
          break;
        }
        double step = num(n, "step");
        if (n.has("loss")) {
          train.add(new double[] {step, num(n, "loss"), num(n, "lr"), seconds(n)});
        }
        double el = first(n, "eval-loss", "test-loss");
        double ea = first(n, "eval-accuracy", "test-accuracy");
        if (!Double.isNaN(el) || !Double.isNaN(ea)) {
          eval.add(new double[] {step, el, ea});
        }
      }
    }
    return new RunMetrics(col(train, 0), col(train, 1), col(train, 2), col(train, 3), col(eval, 0), col(eval, 1),
        col(eval, 2));
  }

  /** Whether the run evaluated accuracy (classification) rather than only a loss. */
  public boolean hasAccuracy() {
    for (double a : evalAccuracy) {
      if (!Double.isNaN(a)) {
        return true;
      }
    }
    return false;
  }

  /** Cumulative training time in seconds at each step. */
  public double[] wallSeconds() {
    double[] w = new double[stepSeconds.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) {
      sum += Double.isNaN(stepSeconds[i]) ? 0 : stepSeconds[i];
      w[i] = sum;
    }
    return w;
  }

  private static double seconds(JsonNode n) {
    double ms = first(n, "step-time-ms", "step_time_ms", "stepTimeMs");
    return Double.isNaN(ms) ? first(n, "step-time", "step_time", "time") : ms / 1000.0;
  }

  private static double first(JsonNode n, String... keys) {
    for (String k : keys) {
      if (n.has(k) && n.get(k).isNumber()) {
        return n.get(k).asDouble();
      }
    }
    return Double.NaN;
  }

  private static double num(JsonNode n, String key) {
    return first(n, key);
  }

  private static double[] col(List<double[]> rows, int i) {
    return rows.stream().mapToDouble(r -> r[i]).toArray();
  }
}

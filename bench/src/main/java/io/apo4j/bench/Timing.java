package io.apo4j.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wall times of repeated runs of one piece of work: warm-up first (JIT, native caches, ND4J's
 * per-op pointer caches), then the median of many timed runs.
 *
 * @param medianMs median wall time of one run
 * @param minMs fastest run
 * @param p90Ms 90th percentile
 * @param runs timed runs
 * @param warmup untimed runs before them
 */
record Timing(double medianMs, double minMs, double p90Ms, int runs, int warmup) {
  /** How long to warm up and measure. */
  record Budget(int warmupRuns, double warmupSeconds, int measureRuns, double measureSeconds) {
    Budget scaled(double factor) {
      return new Budget(warmupRuns, warmupSeconds * factor, measureRuns, measureSeconds * factor);
    }

    /** The same warm-up and a token measurement (the five runs {@link #measure} always times). */
    Budget warmUpOnly() {
      return new Budget(warmupRuns, warmupSeconds, 0, 0);
    }
  }

  /** Runs {@code work} until the warm-up count or time is reached, then times it. */
  static Timing measure(Budget budget, Runnable work) {
    long start = System.nanoTime();
    int warm = 0;
    while (warm < budget.warmupRuns() && seconds(start) < budget.warmupSeconds()) {
      work.run();
      warm++;
    }
    double[] times = new double[Math.max(budget.measureRuns(), 5)];
    int n = 0;
    start = System.nanoTime();
    while (n < times.length && (n < 5 || seconds(start) < budget.measureSeconds())) {
      long t0 = System.nanoTime();
      work.run();
      times[n++] = (System.nanoTime() - t0) / 1e6;
    }
    double[] sorted = Arrays.copyOf(times, n);
    Arrays.sort(sorted);
    return new Timing(median(sorted), sorted[0], sorted[(int) (0.9 * (n - 1))], n, warm);
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  }

  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median_ms", medianMs);
    m.put("min_ms", minMs);
    m.put("p90_ms", p90Ms);
    m.put("steps", runs);
    m.put("warmup", warmup);
    return m;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}

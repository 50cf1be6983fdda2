package io.apo4j.host.compare;

import java.util.Arrays;

/** Small statistics over seeds and steps. */
final class Stats {
  private Stats() {}

  static double mean(double[] x) {
    return Arrays.stream(x).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
  }

  /** Sample standard deviation (n - 1); 0 for a single value. */
  static double std(double[] x) {
    double[] v = Arrays.stream(x).filter(d -> !Double.isNaN(d)).toArray();
    if (v.length < 2) {
      return v.length == 1 ? 0 : Double.NaN;
    }
    double m = mean(v);
    return Math.sqrt(Arrays.stream(v).map(d -> (d - m) * (d - m)).sum() / (v.length - 1));
  }

  static double median(double[] x) {
    double[] v = Arrays.stream(x).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
  }

  /** Mean of the last {@code fraction} of the values (at least one): a final value less noisy than the last step. */
  static double tailMean(double[] x, double fraction) {
    if (x.length == 0) {
      return Double.NaN;
    }
    int n = Math.max(1, (int) Math.round(x.length * fraction));
    return mean(Arrays.copyOfRange(x, x.length - n, x.length));
  }

  static double last(double[] x) {
    for (int i = x.length - 1; i >= 0; i--) {
      if (!Double.isNaN(x[i])) {
        return x[i];
      }
    }
    return Double.NaN;
  }

  static double max(double[] x) {
    return Arrays.stream(x).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN);
  }

  static double min(double[] x) {
    return Arrays.stream(x).filter(v -> !Double.isNaN(v)).min().orElse(Double.NaN);
  }

  /** Trailing moving average over {@code window} values. */
  static double[] smooth(double[] x, int window) {
    double[] out = new double[x.length];
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += x[i];
      if (i >= window) {
        sum -= x[i - window];
      }
      out[i] = sum / Math.min(i + 1, window);
    }
    return out;
  }

  /** Element-wise mean of series of possibly different lengths, over the shortest length. */
  static double[] meanSeries(java.util.List<double[]> series) {
    int n = series.stream().mapToInt(s -> s.length).min().orElse(0);
    double[] out = new double[n];
    for (double[] s : series) {
      for (int i = 0; i < n; i++) {
        out[i] += s[i] / series.size();
      }
    }
    return out;
  }
}

package io.apo4j.host.train;

import java.util.Arrays;

/** Wall times of the steps this process ran, for the summary (median is robust to warm-up). */
final class StepTimes {
  private double[] millis = new double[64];
  private int count;

  void add(double ms) {
    if (count == millis.length) {
      millis = Arrays.copyOf(millis, count * 2);
    }
    millis[count++] = ms;
  }

  int count() {
    return count;
  }

  double median() {
    if (count == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(millis, count);
    Arrays.sort(sorted);
    return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
  }

  double total() {
    double s = 0;
    for (int i = 0; i < count; i++) {
      s += millis[i];
    }
    return s;
  }
}

package io.apo4j.testkit.drift;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.IntStream;

/**
 * How close a per-step comparison came to its tolerance: the worst ratio of measured difference to
 * allowed difference over the steps (below 1 passes). {@link #print} writes it as one line starting
 * with {@code tolerance-margin}, which {@code bench/blas-kernels.sh} collects under each OpenBLAS kernel.
 *
 * @param label what was compared (test, trace, element type, quantity)
 * @param ratio the worst difference / allowed
 * @param step the step of the worst ratio
 * @param difference the difference there
 * @param allowed the tolerance there
 * @param firstOver the first step whose difference exceeds its tolerance, or -1
 */
public record Margin(String label, double ratio, int step, double difference, double allowed, int firstOver) {
  /** The margin of {@code difference[i]} against {@code allowed[i]} at steps 0, 1, 2, ... */
  public static Margin of(String label, double[] difference, double[] allowed) {
    return of(label, IntStream.range(0, difference.length).toArray(), difference, allowed);
  }

  /** The margin of {@code difference[i]} against {@code allowed[i]} at {@code steps[i]}. */
  public static Margin of(String label, int[] steps, double[] difference, double[] allowed) {
    if (difference.length != allowed.length || steps.length != allowed.length || allowed.length == 0) {
      throw new IllegalArgumentException(label + ": " + difference.length + " differences, " + allowed.length
          + " tolerances, " + steps.length + " steps");
    }
    int worst = 0;
    int firstOver = -1;
    for (int i = 0; i < allowed.length; i++) {
      // NaN counts as over: a diverged run must not pass
      boolean over = !(difference[i] <= allowed[i]);
      if (over && firstOver < 0) {
        firstOver = i;
      }
      if (!(difference[i] / allowed[i] <= difference[worst] / allowed[worst])) {
        worst = i;
      }
    }
    return new Margin(label, difference[worst] / allowed[worst], steps[worst], difference[worst], allowed[worst],
        firstOver < 0 ? -1 : steps[firstOver]);
  }

  /** Prints the greppable line and returns this margin. */
  public Margin print() {
    System.out.println(line());
    return this;
  }

  /** {@code tolerance-margin LABEL: RATIO (worst at step S: difference D, allowed A[; first over at F])}. */
  public String line() {
    return String.format("tolerance-margin %s: %.3g (worst at step %d: difference %.3g, allowed %.3g%s)", label, ratio,
        step, difference, allowed, firstOver < 0 ? "" : "; first over at step " + firstOver);
  }

  /** Fails unless every step met its tolerance. */
  public void assertWithin() {
    if (firstOver >= 0) {
      fail(label + ": over the tolerance from step " + firstOver + "; " + line());
    }
  }
}

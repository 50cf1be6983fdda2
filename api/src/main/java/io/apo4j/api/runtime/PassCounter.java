package io.apo4j.api.runtime;

import io.apo4j.api.Experimental;

/**
 * Counts the forward and backward passes a step context ran beyond the step's own forward and
 * backward pass (look-ahead evaluations, sampled-Fisher backward passes), so the cost of an
 * optimizer can be reported and tested.
 */
@Experimental
public final class PassCounter {
  private long forwards;
  private long backwards;

  public long forwards() {
    return forwards;
  }

  public long backwards() {
    return backwards;
  }

  void forward() {
    forwards++;
  }

  void backward() {
    backwards++;
  }

  @Override
  public String toString() {
    return "extra passes: " + forwards + " forward, " + backwards + " backward";
  }
}

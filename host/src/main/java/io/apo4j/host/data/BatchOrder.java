package io.apo4j.host.data;

/**
 * Which dataset rows make up the batch of each step. An order is a pure function of the step
 * index, so a checkpoint needs only the step to resume it exactly.
 */
public interface BatchOrder {
  /** The rows of step {@code step}, in batch order. */
  long[] rows(long step);

  int batchSize();

  /** Full batches per epoch (the incomplete tail of an epoch is dropped). */
  long stepsPerEpoch();

  /** Steps available, or {@link Long#MAX_VALUE} for an endless order. */
  long availableSteps();

  /** For provenance: how the order is made. */
  String describe();

  /** The 0-based epoch of step {@code step}. */
  default long epoch(long step) {
    return step / stepsPerEpoch();
  }
}

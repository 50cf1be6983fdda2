package io.apo4j.host.data;

import io.apo4j.api.data.Batch;
import io.apo4j.api.runtime.BatchSource;

/**
 * APO's second-batch stream: its own shuffled order over the training set (seeded independently
 * of the training order), drawn one batch at a time. Its position is part of a checkpoint.
 */
public final class IndependentBatches implements BatchSource {
  private final Dataset data;
  private final BatchOrder order;
  private final String inputName;
  private final long[] inputShape;
  private long position;

  public IndependentBatches(Dataset data, BatchOrder order, String inputName, long[] inputShape) {
    this.data = data;
    this.order = order;
    this.inputName = inputName;
    this.inputShape = inputShape.clone();
  }

  @Override
  public Batch next() {
    return data.batch(order.rows(position++), inputName, inputShape);
  }

  /** Batches drawn so far. */
  public long position() {
    return position;
  }

  /** Resumes after {@code drawn} batches. */
  public void seek(long drawn) {
    position = drawn;
  }
}

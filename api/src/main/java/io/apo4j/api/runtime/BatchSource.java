package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Experimental;
import io.apo4j.api.data.Batch;
import java.util.List;

/**
 * An endless supply of mini-batches, e.g. the independent, seeded stream from which APO draws its
 * second batch B'. Drawing from it must not touch the training loop's own data order.
 */
@Experimental
@FunctionalInterface
public interface BatchSource {
  /** The next batch; never null. */
  Batch next();

  /** A source that returns {@code batches} in order and starts again after the last one. */
  static BatchSource cycling(List<Batch> batches) {
    if (batches.isEmpty()) {
      throw new Apo4jException("batch source: no batches; expected at least one, found 0");
    }
    List<Batch> copy = List.copyOf(batches);
    int[] position = {0};
    return () -> copy.get(position[0]++ % copy.size());
  }
}

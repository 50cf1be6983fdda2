package io.apo4j.api.data;

import io.apo4j.api.Stable;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One mini-batch: the model's named inputs, the targets the loss compares with, and the dataset
 * row indices it was drawn from (for replay and provenance).
 *
 * @param inputs model inputs by ONNX input name; the leading dimension is the batch
 * @param targets class indices (shape N, float) or target values (N x ...)
 * @param indices dataset rows, in batch order
 */
@Stable
public record Batch(Map<String, INDArray> inputs, INDArray targets, long[] indices) {
  public Batch {
    inputs = Map.copyOf(inputs);
  }

  /** Number of examples. */
  public int size() {
    return (int) targets.size(0);
  }
}

package io.apo4j.api.model;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The result of one forward pass, holding what its backward pass needs. */
@Stable
public interface ForwardPass {
  /** The model's first output. */
  INDArray output();

  /** Every output by name. */
  Map<String, INDArray> outputs();

  /**
   * Buffers as this pass would leave them (new BatchNormalization running statistics in
   * {@link Mode#TRAIN}); the caller decides whether to commit them. Same names as
   * {@link TrainableModel#buffers()}.
   */
  TensorMap updatedBuffers();

  /**
   * Frees the memory of the pass's intermediate values now rather than at some later garbage
   * collection; {@link #output()}, {@link #outputs()} and {@link #updatedBuffers()} stay valid, but
   * no backward pass may follow. Optional: the default does nothing and the memory is freed when
   * the pass is collected. Callers that run many passes (a training loop) should call it.
   */
  default void release() {}
}

package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import java.util.Set;

/**
 * What an optimizer sees of the training step: the only door from an optimizer back into the
 * model. Capabilities beyond the basics are declared by the optimizer and offered by the host.
 */
@Stable
public interface StepContext {
  /** 0-based index of this update. */
  long step();

  /** The parameters before this update. */
  TensorMap params();

  /** The step's batch B. */
  Batch batch();

  /** Training loss of B at {@link #params()}. */
  double loss();

  /** What this context offers. */
  Set<Capability> capabilities();

  /**
   * Layer statistics of this step's backward pass.
   *
   * @throws io.apo4j.api.Apo4jException if {@link Capability#LAYER_STATISTICS} is not offered
   */
  LayerStatistics layerStatistics();

  /**
   * Layer statistics from one extra backward pass in which the targets are drawn from the
   * model's own softmax output ("true" Fisher), seeded by {@code seed}.
   *
   * @throws io.apo4j.api.Apo4jException if {@link Capability#SAMPLED_FISHER} is not offered
   */
  LayerStatistics sampledFisherStatistics(long seed);

  /**
   * Look-ahead evaluations for APO.
   *
   * @throws io.apo4j.api.Apo4jException if {@link Capability#LOOKAHEAD} is not offered
   */
  Lookahead lookahead();
}

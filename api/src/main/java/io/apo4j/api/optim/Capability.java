package io.apo4j.api.optim;

import io.apo4j.api.Stable;

/**
 * What an optimizer may ask of the {@link StepContext} beyond the gradient. An optimizer declares
 * what it needs ({@link Optimizer#requiredCapabilities()}); the host checks at start-up that it
 * can offer all of it.
 */
@Stable
public enum Capability {
  /** Per Kronecker layer input activations and output gradients ({@link StepContext#layerStatistics()}). */
  LAYER_STATISTICS,
  /** Layer statistics from an extra backward pass with labels sampled from the model's softmax. */
  SAMPLED_FISHER,
  /** Forward and gradient evaluations at candidate weights on other batches ({@link StepContext#lookahead()}). */
  LOOKAHEAD
}

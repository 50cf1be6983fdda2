package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import java.util.List;
import java.util.Set;

/**
 * An optimizer as a pair of pure functions (the optax shape): {@link #init} makes the state,
 * {@link #update} maps gradients and state to updates and a new state. Nothing is hidden in
 * fields, so a caller can evaluate a step without committing it.
 */
@Stable
public interface Optimizer {
  /** What this optimizer needs from the step context; checked by the host before step 0. */
  default Set<Capability> requiredCapabilities() {
    return Set.of();
  }

  /**
   * What this optimizer uses when the run offers it, without needing it: the host provides each
   * one it can (e.g. records the layer taps of the step's backward pass for
   * {@link Capability#LAYER_STATISTICS}), and the optimizer checks {@link StepContext#capabilities()}.
   */
  default Set<Capability> usefulCapabilities() {
    return Set.of();
  }

  /** The state before the first step. */
  OptimizerState init(TensorMap params, List<KroneckerLayer> layers);

  /**
   * One step. Must not modify {@code grads}, {@code state} or the parameters.
   *
   * @param grads gradient of the training loss at {@code ctx.params()}
   */
  Step update(TensorMap grads, OptimizerState state, StepContext ctx);

  /**
   * Rebuilds a state from a checkpoint, checking every name.
   *
   * @throws io.apo4j.api.Apo4jException naming the missing or unexpected entry
   */
  OptimizerState restore(StateDict saved, TensorMap params, List<KroneckerLayer> layers);
}

package io.apo4j.examples.lion;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import java.util.Map;

/**
 * Lion's state: the number of updates taken and the momentum m of every parameter. Immutable:
 * an update builds the next state and leaves this one (and its arrays) as they were.
 *
 * <p>Saved as the scalar {@code step} and the tensors {@code momentum/<parameter>}.
 */
record LionState(long step, TensorMap momentum) implements OptimizerState {
  static final String STEP = "step";
  static final String MOMENTUM = "momentum/";

  @Override
  public StateDict toStateDict() {
    return new StateDict(momentum.withPrefix(MOMENTUM), Map.of(STEP, (double) step));
  }
}

package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import java.util.Map;

/**
 * State of {@code sgd}: the number of updates taken and, with momentum, one buffer per parameter
 * (PyTorch's {@code momentum_buffer}; all zeros and unused before the first update).
 */
record SgdState(long step, TensorMap momentumBuffer) implements OptimizerState {
  static final String MOMENTUM_BUFFER = "momentum-buffer";

  @Override
  public StateDict toStateDict() {
    return StateTensors.save(step, momentumBuffer.isEmpty() ? Map.of() : Map.of(MOMENTUM_BUFFER, momentumBuffer));
  }
}

package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of {@code rmsprop}: the number of updates taken, the running mean of squared gradients,
 * and when enabled the running mean of gradients (centered) and the momentum buffer (PyTorch's
 * {@code square_avg}, {@code grad_avg}, {@code momentum_buffer}).
 */
record RmsPropState(long step, TensorMap squareAvg, TensorMap gradAvg, TensorMap momentumBuffer)
    implements OptimizerState {
  static final String SQUARE_AVG = "square-avg";
  static final String GRAD_AVG = "grad-avg";
  static final String MOMENTUM_BUFFER = "momentum-buffer";

  @Override
  public StateDict toStateDict() {
    Map<String, TensorMap> groups = new LinkedHashMap<>();
    groups.put(SQUARE_AVG, squareAvg);
    if (!gradAvg.isEmpty()) {
      groups.put(GRAD_AVG, gradAvg);
    }
    if (!momentumBuffer.isEmpty()) {
      groups.put(MOMENTUM_BUFFER, momentumBuffer);
    }
    return StateTensors.save(step, groups);
  }
}

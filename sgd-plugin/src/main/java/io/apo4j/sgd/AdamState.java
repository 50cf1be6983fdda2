package io.apo4j.sgd;

import io.apo4j.api.StateDict;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * State of {@code adam}/{@code adamw}: the number of updates taken, the first and second moment
 * estimates, and with AMSGrad the running maximum of the second moment (PyTorch's
 * {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq}).
 */
record AdamState(long step, TensorMap expAvg, TensorMap expAvgSq, TensorMap maxExpAvgSq) implements OptimizerState {
  static final String EXP_AVG = "exp-avg";
  static final String EXP_AVG_SQ = "exp-avg-sq";
  static final String MAX_EXP_AVG_SQ = "max-exp-avg-sq";

  @Override
  public StateDict toStateDict() {
    Map<String, TensorMap> groups = new LinkedHashMap<>();
    groups.put(EXP_AVG, expAvg);
    groups.put(EXP_AVG_SQ, expAvgSq);
    if (!maxExpAvgSq.isEmpty()) {
      groups.put(MAX_EXP_AVG_SQ, maxExpAvgSq);
    }
    return StateTensors.save(step, groups);
  }
}

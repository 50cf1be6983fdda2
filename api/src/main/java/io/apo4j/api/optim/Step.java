package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import java.util.Map;

/**
 * The result of one {@link Optimizer#update}: what to add to the parameters, and the next state.
 *
 * @param updates per parameter, the increment: {@code params_new = params + updates}
 * @param state the state after this step (the host commits it)
 * @param learningRate the (global) learning rate this step actually used, for metrics
 * @param metrics further per-step figures for {@code metrics.jsonl} (e.g. APO's Q terms), may be empty
 */
@Stable
public record Step(TensorMap updates, OptimizerState state, double learningRate, Map<String, Double> metrics) {
  public Step {
    metrics = Map.copyOf(metrics);
  }
}

package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import io.apo4j.api.kernels.Arith;

/**
 * An optimizer whose step is {@code -learningRate * direction}, and which can report that
 * direction without committing its state. APO-LR adapts the learning rate of any such optimizer.
 */
@Stable
public interface DirectionalOptimizer extends Optimizer {
  /** The direction this step would take; pure like {@link #update}. */
  Direction direction(TensorMap grads, OptimizerState state, StepContext ctx);

  /** Default update: {@code -learningRate * direction}. */
  @Override
  default Step update(TensorMap grads, OptimizerState state, StepContext ctx) {
    Direction d = direction(grads, state, ctx);
    double lr = d.learningRate();
    return new Step(d.direction().map((name, v) -> Arith.scaled(v, -lr)), d.nextState(), lr, java.util.Map.of());
  }
}

package io.apo4j.testkit.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.StepContext;

/**
 * Makes the step context an optimizer sees at each step of a contract test. The default is
 * {@link QuadraticStepContext}; an optimizer that needs more (layer statistics, look-ahead)
 * supplies a factory whose contexts offer it.
 */
@Stable
@FunctionalInterface
public interface StepContextFactory {
  /**
   * @param step 0-based update index
   * @param params the parameters before the update
   * @param problem the objective being minimised
   */
  StepContext create(long step, TensorMap params, QuadraticProblem problem);
}

package io.apo4j.api.runtime;

import io.apo4j.api.Experimental;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.Step;

/**
 * What one training step did.
 *
 * @param next the state after the update
 * @param loss training loss of the step's batch before the update
 * @param gradientNorm global L2 norm of the gradient (over all parameters, in double)
 * @param gradients the gradient the optimizer received
 * @param step the optimizer's step (updates, learning rate, metrics)
 * @param extraForwards forward passes beyond the step's own (look-ahead)
 * @param extraBackwards backward passes beyond the step's own (look-ahead, sampled Fisher)
 */
@Experimental
public record StepOutcome(TrainState next, double loss, double gradientNorm, TensorMap gradients, Step step,
    long extraForwards, long extraBackwards) {}

package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;

/**
 * A base optimizer's step before its learning rate: the step it would take is
 * {@code -learningRate * direction}.
 *
 * @param direction per parameter, d (weight decay and momentum already applied as the optimizer does)
 * @param nextState the state the step would commit
 * @param learningRate the optimizer's own (scheduled) learning rate at this step
 */
@Stable
public record Direction(TensorMap direction, OptimizerState nextState, double learningRate) {}

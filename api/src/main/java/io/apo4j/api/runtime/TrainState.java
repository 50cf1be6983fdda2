package io.apo4j.api.runtime;

import io.apo4j.api.Experimental;
import io.apo4j.api.TensorMap;
import io.apo4j.api.optim.OptimizerState;

/**
 * Everything that changes from one training step to the next.
 *
 * @param step the 0-based index of the next update
 * @param params trainable parameters
 * @param buffers committed buffers (BatchNorm running statistics)
 * @param optimizer the optimizer's state
 */
@Experimental
public record TrainState(long step, TensorMap params, TensorMap buffers, OptimizerState optimizer) {}

package io.apo4j.api.loss;

import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reduced loss and its gradient.
 *
 * @param value the loss, mean-reduced as PyTorch does
 * @param gradient d value / d outputs, shaped like the outputs
 */
@Stable
public record LossValue(double value, INDArray gradient) {}

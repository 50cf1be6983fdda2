package io.apo4j.api.discrepancy;

import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A function-space discrepancy averaged over a batch, and its gradient.
 *
 * @param value mean over the batch of rho(y_new, y_old)
 * @param gradient d value / d y_new (so it includes the 1/N of the mean), shaped like y_new
 */
@Stable
public record DiscrepancyValue(double value, INDArray gradient) {}

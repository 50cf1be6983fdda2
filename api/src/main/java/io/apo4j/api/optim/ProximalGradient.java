package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;

/**
 * Loss and discrepancy at candidate weights and the gradient of their weighted sum.
 *
 * @param loss J_B(theta') on the step's batch B
 * @param discrepancy D_F(theta', theta, B') on the second batch, before weighting
 * @param gradient d/d theta' of {@code loss + lambdaFsd * discrepancy}
 */
@Stable
public record ProximalGradient(double loss, double discrepancy, TensorMap gradient) {}

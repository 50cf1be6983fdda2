package io.apo4j.api.discrepancy;

import io.apo4j.api.Stable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A function-space discrepancy rho(y_new, y_old) between the outputs of a model before and after
 * an update, on the same inputs (APO's D_F).
 *
 * <p>Contract (checked by the testkit): value 0 and gradient 0 when {@code newOutputs} equals
 * {@code oldOutputs}; the gradient equals finite differences; the value is a batch mean, so it does
 * not grow with the batch size; finite for extreme outputs. Implementations must not write into
 * their arguments.
 */
@Stable
public interface Discrepancy {
  /**
   * @param newOutputs outputs at the candidate weights, N x ...
   * @param oldOutputs outputs at the current weights, same shape, treated as constants
   */
  DiscrepancyValue evaluate(INDArray newOutputs, INDArray oldOutputs);
}

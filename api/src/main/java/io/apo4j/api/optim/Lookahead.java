package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import io.apo4j.api.data.Batch;
import io.apo4j.api.discrepancy.Discrepancy;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Evaluations at candidate weights for APO's meta-step. None of them changes the run: no
 * parameters, buffers (BatchNorm statistics) or training data order are touched.
 */
@Stable
public interface Lookahead {
  /** The next batch B' of an independent, seeded stream over the training set. */
  Batch independentBatch();

  /** Model outputs at {@code params} on {@code batch} (one forward pass, no gradient). */
  INDArray outputs(TensorMap params, Batch batch);

  /**
   * Gradient of {@code J_B(params) + lambdaFsd * D(f(B'; params), oldOutputs)} with respect to
   * {@code params}: one forward and one backward pass.
   *
   * @param batch the step's batch B (its loss)
   * @param fsdBatch the second batch B'
   * @param oldOutputs f(B'; theta) from {@link #outputs}
   */
  ProximalGradient proximalGradient(TensorMap params, Batch batch, Batch fsdBatch, INDArray oldOutputs,
      Discrepancy discrepancy, double lambdaFsd);
}

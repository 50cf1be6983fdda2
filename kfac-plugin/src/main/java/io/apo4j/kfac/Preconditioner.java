package io.apo4j.kfac;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one layer's decomposition leaves behind: a map from the layer's m x n' gradient matrix to
 * its preconditioned counterpart. Immutable; {@link #tensors()} names its pieces for checkpoints.
 */
sealed interface Preconditioner permits EigenBasis, DampedInverses {
  /** The preconditioned gradient (a new m x n' array) of {@code gradient}, at damping {@code damping}. */
  INDArray apply(INDArray gradient, double damping);

  /** The pieces, by short name ({@code QA}, {@code dA}, ... or {@code Ainv}, {@code Ginv}). */
  Map<String, INDArray> tensors();

  /** Whether every value is a finite number. */
  default boolean isFinite() {
    return tensors().values().stream().allMatch(Preconditioner::isFinite);
  }

  static boolean isFinite(INDArray x) {
    return Double.isFinite(x.sumNumber().doubleValue());
  }
}

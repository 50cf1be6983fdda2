package io.apo4j.kfac;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one layer's decomposition leaves behind: a map from the layer's m x n' gradient matrix to
 * its preconditioned counterpart. Immutable; {@link #tensors()} names its pieces for checkpoints.
 */
sealed interface Preconditioner permits EigenBasis, DampedInverses {
  /**
   * Writes the preconditioned gradient of layer {@code layer}'s gradient {@code g} at damping
   * {@code damping} into its weight block {@code pw} (m x n) and bias column {@code pb} (m x 1, or
   * null without a bias), using {@code ws} for intermediates.
   */
  void applyInto(String layer, LayerGradient g, double damping, Workspace ws, INDArray pw, INDArray pb);

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

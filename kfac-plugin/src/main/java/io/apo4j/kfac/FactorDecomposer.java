package io.apo4j.kfac;

import io.apo4j.api.kernels.Lapack;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a layer's factors A and G into a {@link Preconditioner}: LAPACK {@code syevd} eigenpairs
 * (api.kernels.Lapack; eigenvalues clamped at zero), used directly or to form the inverses of the
 * Tikhonov-damped factors, in the configured precision. A decomposition that fails or yields a
 * non-finite value is refused: the caller keeps the previous one and reports {@link Outcome#warning()}.
 */
final class FactorDecomposer {
  /** The new preconditioner, or the previous one and a warning naming the layer. */
  record Outcome(Preconditioner preconditioner, String warning) {
    boolean failed() {
      return warning != null;
    }
  }

  private final InverseMethod method;
  private final boolean piCorrection;
  private final FactorPrecision precision;

  FactorDecomposer(InverseMethod method, boolean piCorrection, FactorPrecision precision) {
    this.method = method;
    this.piCorrection = piCorrection;
    this.precision = precision;
  }

  Outcome decompose(String layer, INDArray a, INDArray g, double damping, Preconditioner previous) {
    String what = method == InverseMethod.EIGEN ? "eigendecomposition" : "damped inverse";
    try {
      Preconditioner next = method == InverseMethod.EIGEN ? eigen(a, g) : inverse(a, g, damping);
      if (next.isFinite()) {
        return new Outcome(next, null);
      }
      return refused(layer, what, "the result is not finite", previous);
    } catch (RuntimeException e) {
      return refused(layer, what, e.getMessage(), previous);
    }
  }

  private static Outcome refused(String layer, String what, String reason, Preconditioner previous) {
    return new Outcome(previous, KfacConfig.OWNER + ": layer '" + layer + "': " + what + " failed ("
        + reason + "); keeping the previous one");
  }

  private EigenBasis eigen(INDArray a, INDArray g) {
    INDArray[] ea = symmetricEigen(a, "A");
    INDArray[] eg = symmetricEigen(g, "G");
    return new EigenBasis(precision.apply(ea[0]), precision.apply(ea[1]), precision.apply(eg[0]),
        precision.apply(eg[1]));
  }

  /** {vectors (columns), values clamped at zero}, in the factor's data type. */
  private static INDArray[] symmetricEigen(INDArray factor, String name) {
    requireFinite(factor, name);
    INDArray[] eigen;
    try {
      eigen = Lapack.symmetricEigen(factor);
    } catch (IllegalStateException e) {
      throw new IllegalStateException("factor " + name + ": " + e.getMessage(), e);
    }
    INDArray vectors = eigen[0];
    INDArray values = eigen[1];
    // Factors are positive semi-definite; negative eigenvalues are round-off and would flip signs.
    values.muli(values.gt(0).castTo(values.dataType()));
    return new INDArray[] {vectors, values};
  }

  private DampedInverses inverse(INDArray a, INDArray g, double damping) {
    double pi = piCorrection ? pi(a, g) : 1.0;
    double root = Math.sqrt(damping);
    INDArray aInv = dampedInverse(symmetricEigen(a, "A"), pi * root);
    INDArray gInv = dampedInverse(symmetricEigen(g, "G"), root / pi);
    return new DampedInverses(precision.apply(aInv), precision.apply(gInv));
  }

  /**
   * (F + shift I)^-1 = Q diag(1 / (d + shift)) Q^T from F's eigenpairs. ND4J's own inverse (the
   * libnd4j matrix_inverse op) takes minutes at 785 x 785 and its LAPACK getri is a no-op, so the
   * inverse reuses LAPACK syevd; with eigenvalues clamped at zero it is also safe for factors
   * that round-off made slightly indefinite.
   */
  private static INDArray dampedInverse(INDArray[] eigen, double shift) {
    INDArray scale = Nd4j.ones(eigen[1].dataType(), eigen[1].length()).divi(eigen[1].add(shift));
    return Nd4j.gemm(eigen[0].mulRowVector(scale), eigen[0], false, true);
  }

  /** Martens and Grosse's pi = sqrt((tr A / n') / (tr G / m)); 1 when that is not a positive number. */
  static double pi(INDArray a, INDArray g) {
    double pi = Math.sqrt((trace(a) / a.rows()) / (trace(g) / g.rows()));
    return Double.isFinite(pi) && pi > 0 ? pi : 1.0;
  }

  private static double trace(INDArray square) {
    return Nd4j.diag(square).sumNumber().doubleValue();
  }

  private static void requireFinite(INDArray factor, String name) {
    if (!Preconditioner.isFinite(factor)) {
      throw new IllegalStateException("factor " + name + " is not finite");
    }
  }
}

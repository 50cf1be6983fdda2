package io.apo4j.kfac;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How K-FAC turns its Kronecker factors into a preconditioner. */
public enum InverseMethod {
  /**
   * Eigendecompositions A = Q_A diag(d_A) Q_A^T, G = Q_G diag(d_G) Q_G^T; the step is
   * {@code Q_G ((Q_G^T g Q_A) ./ (d_G d_A^T + lambda)) Q_A^T}, i.e. exactly (A kron G + lambda I)^-1.
   */
  EIGEN,
  /** Tikhonov-damped inverses (G + sqrt(lambda)/pi I)^-1 g (A + pi sqrt(lambda) I)^-1. */
  INVERSE;

  /** The config spelling, e.g. {@code eigen}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(InverseMethod::key).toList();
  }

  static InverseMethod of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}

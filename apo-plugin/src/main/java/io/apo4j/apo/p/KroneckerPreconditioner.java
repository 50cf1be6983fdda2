package io.apo4j.apo.p;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The APO-P preconditioner of one Kronecker layer (spec section 4), on the layer's m x n' matrix
 * view: {@code P(G) = B (S.*S.*(B^T G A)) A^T} with A n' x n', B m x m, S m x n'. No inverse
 * anywhere; every product is one GEMM with transpose flags.
 */
final class KroneckerPreconditioner {
  private KroneckerPreconditioner() {}

  /** The intermediate products of one application, kept for the meta-gradient. */
  record Applied(INDArray g, INDArray m, INDArray n, INDArray p) {}

  /** {@code P(G)} with {@code M = B^T G A} and {@code N = S.*S.*M}. */
  static Applied apply(INDArray g, LayerPhi phi) {
    INDArray ga = Nd4j.gemm(g, phi.a(), false, false);
    INDArray m = Nd4j.gemm(phi.b(), ga, true, false);
    INDArray n = phi.s().mul(phi.s()).muli(m);
    INDArray p = Nd4j.gemm(Nd4j.gemm(phi.b(), n, false, false), phi.a(), false, true);
    return new Applied(g, m, n, p);
  }

  /**
   * dQ/dphi for the look-ahead theta' = theta - eta * (mu * v + P(G)), given R = dQ/dtheta' as a
   * matrix: with T = B^T R A,
   * <pre>
   * dQ/dS = -eta * 2 S .* M .* T
   * dQ/dB = -eta * (R A N^T + G A (S.*S.*T)^T)
   * dQ/dA = -eta * (R^T B N + G^T B (S.*S.*T))
   * </pre>
   */
  static LayerPhi metaGradient(Applied applied, INDArray r, LayerPhi phi, double eta) {
    INDArray ra = Nd4j.gemm(r, phi.a(), false, false);
    INDArray t = Nd4j.gemm(phi.b(), ra, true, false);
    INDArray sst = phi.s().mul(phi.s()).muli(t);
    INDArray ds = phi.s().mul(applied.m()).muli(t).muli(-2 * eta);
    INDArray ga = Nd4j.gemm(applied.g(), phi.a(), false, false);
    INDArray db = Nd4j.gemm(ra, applied.n(), false, true).addi(Nd4j.gemm(ga, sst, false, true)).muli(-eta);
    INDArray rb = Nd4j.gemm(r, phi.b(), true, false);
    INDArray gb = Nd4j.gemm(applied.g(), phi.b(), true, false);
    INDArray da = Nd4j.gemm(rb, applied.n(), false, false).addi(Nd4j.gemm(gb, sst, false, false)).muli(-eta);
    return new LayerPhi(da, db, ds);
  }
}

package io.apo4j.apo.p;

import org.nd4j.linalg.api.ndarray.INDArray;
import io.apo4j.api.kernels.Blas;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The APO-P preconditioner of one Kronecker layer (spec section 4), on the layer's m x n' matrix
 * view: {@code P(G) = B (S.*S.*(B^T G A)) A^T} with A n' x n', B m x m, S m x n'. No inverse
 * anywhere; every product is one BLAS GEMM with transpose flags, called on the arrays' memory.
 */
final class KroneckerPreconditioner {
  private KroneckerPreconditioner() {}

  /** The intermediate products of one application, kept for the meta-gradient. */
  record Applied(INDArray g, INDArray ga, INDArray m, INDArray n, INDArray p) {}

  /** {@code P(G)} with {@code M = B^T G A} and {@code N = S.*S.*M}. */
  static Applied apply(INDArray g, LayerPhi phi) {
    INDArray ga = Blas.gemm(g, false, phi.a(), false);
    INDArray m = Blas.gemm(phi.b(), true, ga, false);
    INDArray n = phi.s().mul(phi.s()).muli(m);
    INDArray p = Blas.gemm(Blas.gemm(phi.b(), false, n, false), false, phi.a(), true);
    return new Applied(g, ga, m, n, p);
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
    INDArray ra = Blas.gemm(r, false, phi.a(), false);
    INDArray t = Blas.gemm(phi.b(), true, ra, false);
    INDArray sst = phi.s().mul(phi.s()).muli(t);
    INDArray ds = phi.s().mul(applied.m()).muli(t).muli(-2 * eta);
    // each gradient is two GEMMs into one output, the -eta folded into alpha (no sum temporaries)
    INDArray db = Nd4j.createUninitialized(phi.b().dataType(), phi.b().shape());
    Blas.gemm(ra, false, applied.n(), true, db, -eta, 0);
    Blas.gemm(applied.ga(), false, sst, true, db, -eta, 1);
    INDArray rb = Blas.gemm(r, true, phi.b(), false);
    INDArray gb = Blas.gemm(applied.g(), true, phi.b(), false);
    INDArray da = Nd4j.createUninitialized(phi.a().dataType(), phi.a().shape());
    Blas.gemm(rb, false, applied.n(), false, da, -eta, 0);
    Blas.gemm(gb, false, sst, false, da, -eta, 1);
    return new LayerPhi(da, db, ds);
  }
}

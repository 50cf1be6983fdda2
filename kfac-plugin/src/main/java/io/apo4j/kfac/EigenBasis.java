package io.apo4j.kfac;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecompositions A = Q_A diag(dA) Q_A^T and G = Q_G diag(dG) Q_G^T. Applying it computes
 * {@code Q_G ((Q_G^T g Q_A) ./ (dG dA^T + lambda)) Q_A^T}, which is (A kron G + lambda I)^-1 vec(g)
 * exactly; the damping enters at every step, so a damping schedule takes effect immediately.
 *
 * @param qA n' x n' eigenvectors of A (columns)
 * @param dA n' eigenvalues of A, clamped at zero
 * @param qG m x m eigenvectors of G (columns)
 * @param dG m eigenvalues of G, clamped at zero
 */
record EigenBasis(INDArray qA, INDArray dA, INDArray qG, INDArray dG) implements Preconditioner {
  static final List<String> NAMES = List.of("QA", "dA", "QG", "dG");

  static EigenBasis of(Map<String, INDArray> tensors) {
    return new EigenBasis(tensors.get("QA"), tensors.get("dA"), tensors.get("QG"), tensors.get("dG"));
  }

  @Override
  public INDArray apply(INDArray gradient, double damping) {
    long m = dG.length();
    long n = dA.length();
    INDArray rotated = Nd4j.gemm(Nd4j.gemm(qG, gradient, true, false), qA, false, false);
    INDArray eigenProducts = Nd4j.gemm(dG.reshape(m, 1), dA.reshape(1, n), false, false);
    rotated.divi(eigenProducts.addi(damping));
    return Nd4j.gemm(Nd4j.gemm(qG, rotated, false, false), qA, false, true);
  }

  @Override
  public Map<String, INDArray> tensors() {
    Map<String, INDArray> t = new LinkedHashMap<>();
    t.put("QA", qA);
    t.put("dA", dA);
    t.put("QG", qG);
    t.put("dG", dG);
    return t;
  }
}

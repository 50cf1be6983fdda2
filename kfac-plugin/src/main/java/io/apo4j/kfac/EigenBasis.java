package io.apo4j.kfac;

import io.apo4j.api.kernels.Blas;
import io.apo4j.api.kernels.Elementwise;
import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Eigendecompositions A = Q_A diag(dA) Q_A^T and G = Q_G diag(dG) Q_G^T. Applying it computes
 * {@code Q_G ((Q_G^T g Q_A) ./ (dG dA^T + lambda)) Q_A^T}, which is (A kron G + lambda I)^-1 vec(g)
 * exactly; the damping enters at every step, so a damping schedule takes effect immediately.
 * Per step: four GEMMs (two n'-wide, two m-wide) and one elementwise pass; with a
 * {@link TapFactors} the first two become three thin ones on the batch's taps.
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
  public void applyInto(String layer, LayerGradient g, double damping, Workspace ws, INDArray pw, INDArray pb) {
    long m = dG.length();
    long n = dA.length();
    DataType type = qA.dataType();
    INDArray rotated = ws.get(layer + "/rotated", type, m, n);
    INDArray back = ws.get(layer + "/back", type, m, n);
    TapFactors f = g.factors();
    if (f == null) {
      // back = [W b] Q_A, then rotated = Q_G^T back
      KroneckerBlocks.rightMultiply(g.weight(), g.bias(), qA, back);
      Blas.gemm(qG, true, back, false, rotated, 1, 0);
    } else {
      // [W b] = g^T [a 1]: rotated = (g Q_G)^T ([a 1] Q_A), thin products of the N-row taps
      long rows = f.input().rows();
      INDArray rightRows = ws.get(layer + "/taps-right", type, rows, n);
      INDArray leftRows = ws.get(layer + "/taps-left", type, rows, m);
      f.rotateInput(qA, rightRows);
      f.rotateOutput(qG, leftRows);
      Blas.gemm(leftRows, true, rightRows, false, rotated, 1, 0);
    }
    // rotated ./= (dG dA^T + lambda), back = Q_G rotated, [W b] = back Q_A^T
    Elementwise.multiply(rotated, ws.reciprocals(layer, this, damping), rotated);
    Blas.gemm(qG, false, rotated, false, back, 1, 0);
    KroneckerBlocks.rightMultiplyTransposedInto(back, qA, pw, pb);
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

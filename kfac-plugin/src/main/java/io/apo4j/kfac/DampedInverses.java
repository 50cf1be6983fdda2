package io.apo4j.kfac;

import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tikhonov-damped factor inverses: applying it computes {@code Ginv g Ainv} with
 * Ainv = (A + pi sqrt(lambda) I)^-1 and Ginv = (G + sqrt(lambda)/pi I)^-1 (pi = 1 without the
 * pi-correction). The damping is baked in when the inverses are computed, so a damping schedule
 * takes effect at the next inverse update.
 *
 * @param aInv n' x n'
 * @param gInv m x m
 */
record DampedInverses(INDArray aInv, INDArray gInv) implements Preconditioner {
  static final List<String> NAMES = List.of("Ainv", "Ginv");

  static DampedInverses of(Map<String, INDArray> tensors) {
    return new DampedInverses(tensors.get("Ainv"), tensors.get("Ginv"));
  }

  @Override
  public void applyInto(String layer, LayerGradient g, double damping, Workspace ws, INDArray pw, INDArray pb) {
    long n = aInv.rows();
    TapFactors f = g.factors();
    if (f == null) {
      INDArray right = ws.get(layer + "/right", aInv.dataType(), gInv.rows(), n);
      KroneckerBlocks.rightMultiply(g.weight(), g.bias(), aInv, right);
      KroneckerBlocks.leftMultiplyInto(gInv, right, pw, pb);
      return;
    }
    // [W b] = g^T [a 1]: Ginv g^T [a 1] Ainv = (g Ginv)^T ([a 1] Ainv) (Ginv is symmetric)
    long rows = f.input().rows();
    INDArray rightRows = ws.get(layer + "/taps-right", aInv.dataType(), rows, n);
    INDArray leftRows = ws.get(layer + "/taps-left", aInv.dataType(), rows, gInv.rows());
    f.rotateInput(aInv, rightRows);
    f.rotateOutput(gInv, leftRows);
    KroneckerBlocks.leftMultiplyInto(leftRows.transpose(), rightRows, pw, pb);
  }

  @Override
  public Map<String, INDArray> tensors() {
    Map<String, INDArray> t = new LinkedHashMap<>();
    t.put("Ainv", aInv);
    t.put("Ginv", gInv);
    return t;
  }
}

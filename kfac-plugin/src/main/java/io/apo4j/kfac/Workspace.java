package io.apo4j.kfac;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scratch matrices of the per-step preconditioning, kept by the optimizer (not its state) and
 * reused at every step: allocating the ~0.8 MB intermediates of a 256 x 785 layer afresh costs
 * page faults each step. Nothing here outlives the step that fills it, so nothing here is state;
 * the host never sees these arrays and so never closes them. One optimizer runs one step at a time.
 */
final class Workspace {
  private final Map<String, INDArray> arrays = new HashMap<>();
  private final Map<String, Reciprocals> reciprocals = new HashMap<>();

  /** The scratch array {@code key}: c-order, {@code type}, {@code shape}; contents undefined. */
  INDArray get(String key, DataType type, long... shape) {
    INDArray a = arrays.get(key);
    if (a == null || a.wasClosed() || a.dataType() != type || !java.util.Arrays.equals(a.shape(), shape)) {
      a = Nd4j.createUninitialized(type, shape);
      arrays.put(key, a);
    }
    return a;
  }

  /**
   * {@code 1 ./ (dG dA^T + damping)} (m x n') for {@code basis}, computed once per decomposition and
   * damping value: the eigen-form step divides by it at every step.
   */
  INDArray reciprocals(String layer, EigenBasis basis, double damping) {
    Reciprocals r = reciprocals.get(layer);
    if (r != null && r.basis == basis && r.damping == damping && !r.values.wasClosed()) {
      return r.values;
    }
    double[] dG = basis.dG().toDoubleVector();
    double[] dA = basis.dA().toDoubleVector();
    double[] out = new double[dG.length * dA.length];
    for (int i = 0, k = 0; i < dG.length; i++) {
      for (int j = 0; j < dA.length; j++) {
        out[k++] = 1 / (dG[i] * dA[j] + damping);
      }
    }
    INDArray values = Nd4j.create(out, new long[] {dG.length, dA.length}, DataType.DOUBLE)
        .castTo(basis.qA().dataType());
    reciprocals.put(layer, new Reciprocals(basis, damping, values));
    return values;
  }

  private record Reciprocals(EigenBasis basis, double damping, INDArray values) {}
}

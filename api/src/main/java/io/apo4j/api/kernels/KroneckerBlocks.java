package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.WeightLayout;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Products of a Kronecker layer's m x n' matrix [W b] with n' x n' and m x m factors (K-FAC,
 * APO-P), with the matrix held as its two blocks: the weight block (m x n, a reshaped or
 * transposed view of the weight tensor) and the bias column (m x 1, or null without a bias).
 *
 * <p>Why: {@link KroneckerLayer#toMatrix} and {@code weightFromMatrix} copy the gradient into
 * [W b] and the result back out (an hstack and two dups per layer per step); here each block is
 * one BLAS GEMM on views, reading the gradient and writing the result tensors in place.
 */
@Internal
public final class KroneckerBlocks {
  private KroneckerBlocks() {}

  /**
   * The m x n matrix view of a tensor stored like {@code layer}'s weight; writes through it reach
   * the tensor when the tensor is dense c-order.
   */
  public static INDArray weightMatrix(KroneckerLayer layer, INDArray tensor) {
    return layer.layout() == WeightLayout.IN_OUT
        ? tensor.reshape('c', layer.inputs(), layer.outputs()).transpose()
        : tensor.reshape('c', layer.outputs(), layer.inputs());
  }

  /** The m x 1 column view of a bias tensor of {@code layer}, or null when {@code bias} is null. */
  public static INDArray biasColumn(KroneckerLayer layer, INDArray bias) {
    return bias == null ? null : bias.reshape('c', layer.outputs(), 1);
  }

  /** {@code out = [w b] f} for an n' x n' factor f: {@code w f[0:n, :] + b f[n, :]}; {@code b} may be null. */
  public static void rightMultiply(INDArray w, INDArray b, INDArray f, INDArray out) {
    long n = w.columns();
    Blas.gemm(w, false, rows(f, 0, n), false, out, 1, 0);
    if (b != null) {
      Blas.gemm(b, false, rows(f, n, n + 1), false, out, 1, 1);
    }
  }

  /** {@code [w b] = x f^T} for an m x n' matrix x and an n' x n' factor f; {@code b} may be null. */
  public static void rightMultiplyTransposedInto(INDArray x, INDArray f, INDArray w, INDArray b) {
    long n = w.columns();
    Blas.gemm(x, false, rows(f, 0, n), true, w, 1, 0);
    if (b != null) {
      Blas.gemm(x, false, rows(f, n, n + 1), true, b, 1, 0);
    }
  }

  /** {@code [w b] = f x} for an m x m factor f and an m x n' matrix x; {@code b} may be null. */
  public static void leftMultiplyInto(INDArray f, INDArray x, INDArray w, INDArray b) {
    long n = w.columns();
    Blas.gemm(f, false, x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)), false, w, 1, 0);
    if (b != null) {
      Blas.gemm(f, false, x.get(NDArrayIndex.all(), NDArrayIndex.interval(n, n + 1)), false, b, 1, 0);
    }
  }

  private static INDArray rows(INDArray f, long from, long to) {
    return f.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
  }
}

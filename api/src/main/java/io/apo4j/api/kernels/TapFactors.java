package io.apo4j.api.kernels;

import io.apo4j.api.Internal;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dense layer's gradient as the product of its batch's taps: [dW db] = g^T [a 1] with a (N x n)
 * the layer's inputs and g (N x m) its output gradients. Where N is small next to the layer's
 * widths, a Kronecker preconditioner rotates the two thin factors instead of the m x n' gradient:
 * {@code L^T G R = (g L)^T ([a 1] R)}. On mlp_fmnist's 256 x 785 layer with a batch of 128 that is
 * 113 M multiply-adds instead of 209 M for K-FAC's {@code Q_G^T G Q_A} and APO-P's {@code B^T G A}
 * (kfac-pytorch rotates the full gradient).
 *
 * @param input a (N x n), in the factors' type
 * @param outputGradient g (N x m), in the factors' type
 * @param ones N x 1 of ones when the layer has a bias, else null
 */
@Internal
public record TapFactors(INDArray input, INDArray outputGradient, INDArray ones) {
  /** Relative agreement asked of the taps' product with the gradient itself before the taps are used. */
  private static final double AGREEMENT = 1e-3;

  /**
   * The factored form of the gradient {@code [weight bias]} (m x n view and m x 1 column, or null
   * without a bias), or null where it does not pay (conv layers, N not small enough) or the taps
   * are not the factors of this gradient (checked on its first row and its bias, or first weight,
   * column: a caller may pass the gradients of another batch with this step's context).
   */
  public static TapFactors of(KroneckerLayer layer, LayerTap tap, INDArray weight, INDArray bias, DataType type) {
    if (layer.kind() != LayerKind.DENSE || tap == null || tap.input().rank() != 2
        || tap.outputGradient().rank() != 2) {
      return null;
    }
    long rows = tap.input().rows();
    long m = layer.outputs();
    long n = layer.inputs();
    long n1 = n + (layer.hasBias() ? 1 : 0);
    // multiply-adds of [a 1] R, g L and their product against [W b] R and L^T (.), with a margin
    boolean pays = rows * (n1 * n1 + m * m + m * n1) < 0.8 * (m * n1 * n1 + m * m * n1);
    if (!pays || tap.input().columns() != n || tap.outputGradient().columns() != m
        || tap.outputGradient().rows() != rows) {
      return null;
    }
    INDArray ones = layer.hasBias() ? Nd4j.ones(type, rows, 1) : null;
    TapFactors f = new TapFactors(tap.input().castTo(type), tap.outputGradient().castTo(type), ones);
    return f.reproduces(weight, bias) ? f : null;
  }

  /** {@code out = [a 1] r} (N x n') for an n' x n' factor r. */
  public void rotateInput(INDArray r, INDArray out) {
    KroneckerBlocks.rightMultiply(input, ones, r, out);
  }

  /** {@code out = g l} (N x m) for an m x m factor l. */
  public void rotateOutput(INDArray l, INDArray out) {
    Blas.gemm(outputGradient, false, l, false, out, 1, 0);
  }

  /** Whether g^T [a 1] matches the gradient on its first row and on its bias (or first weight) column. */
  private boolean reproduces(INDArray weight, INDArray bias) {
    DataType type = input.dataType();
    long rows = input.rows();
    INDArray row = Nd4j.createUninitialized(type, input.columns(), 1);
    Blas.gemm(input, true, outputGradient.getColumn(0).reshape(rows, 1), false, row, 1, 0);
    if (!close(row, weight.getRow(0))) {
      return false;
    }
    INDArray column = Nd4j.createUninitialized(type, outputGradient.columns(), 1);
    Blas.gemm(outputGradient, true, ones != null ? ones : input.getColumn(0).reshape(rows, 1), false, column, 1, 0);
    return close(column, ones != null ? bias : weight.getColumn(0));
  }

  /** |product - gradient| <= AGREEMENT |gradient| (Euclidean, in double). */
  private static boolean close(INDArray product, INDArray gradient) {
    double[] p = product.toDoubleVector();
    double[] q = gradient.reshape(gradient.length()).toDoubleVector();
    if (p.length != q.length) {
      return false;
    }
    double diff = 0;
    double norm = 0;
    for (int i = 0; i < p.length; i++) {
      diff += (p[i] - q[i]) * (p[i] - q[i]);
      norm += q[i] * q[i];
    }
    return diff <= AGREEMENT * AGREEMENT * norm;
  }
}

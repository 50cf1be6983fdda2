package io.apo4j.kfac;

import io.apo4j.api.kernels.Blas;
import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's gradient as the product of its batch's taps: [dW db] = g^T [a 1] with a (N x n)
 * the layer's inputs and g (N x m) its output gradients. With N below the layer's widths the
 * preconditioner rotates the two thin factors instead of the m x n' gradient: on mlp_fmnist's
 * 256 x 785 layer, {@code Q_G^T G Q_A} costs 113 M multiply-adds instead of 209 M (kfac-pytorch
 * rotates the full gradient).
 *
 * @param input a (N x n), in the factors' type
 * @param outputGradient g (N x m), in the factors' type
 * @param ones N x 1 of ones when the layer has a bias, else null
 */
record FactoredGradient(INDArray input, INDArray outputGradient, INDArray ones) {
  /** Relative agreement asked of the taps' product with the gradient itself before the taps are used. */
  private static final double AGREEMENT = 1e-3;

  /**
   * The factored form of {@code g}, or null where it does not pay (conv layers, N not small
   * enough) or the taps are not the factors of this gradient (checked on the bias column and one
   * weight row: a caller may pass gradients of another batch with this step's context).
   */
  static FactoredGradient of(KroneckerLayer layer, LayerTap tap, LayerGradient g, DataType type, Workspace ws) {
    if (layer.kind() != LayerKind.DENSE || tap == null || tap.input().rank() != 2
        || tap.outputGradient().rank() != 2) {
      return null;
    }
    long rows = tap.input().rows();
    long m = layer.outputs();
    long n = layer.inputs();
    long n1 = n + (layer.hasBias() ? 1 : 0);
    // multiply-adds of [a 1] Q_A, g Q_G and their product against [W b] Q_A and Q_G^T (.), with a margin
    boolean pays = rows * (n1 * n1 + m * m + m * n1) < 0.8 * (m * n1 * n1 + m * m * n1);
    if (!pays || tap.input().columns() != n || tap.outputGradient().columns() != m
        || tap.outputGradient().rows() != rows) {
      return null;
    }
    INDArray a = tap.input().castTo(type);
    INDArray go = tap.outputGradient().castTo(type);
    INDArray ones = layer.hasBias() ? ws.ones(layer.name() + "/ones", type, rows) : null;
    FactoredGradient f = new FactoredGradient(a, go, ones);
    return f.reproduces(g, ws, layer.name()) ? f : null;
  }

  /** Whether g^T [a 1] matches the gradient on its first row and on its bias (or first weight) column. */
  private boolean reproduces(LayerGradient g, Workspace ws, String layer) {
    DataType type = input.dataType();
    long m = outputGradient.columns();
    long n = input.columns();
    INDArray row = ws.get(layer + "/check-row", type, n, 1);
    Blas.gemm(input, true, outputGradient.getColumn(0).reshape(input.rows(), 1), false, row, 1, 0);
    if (!close(row, g.weight().getRow(0))) {
      return false;
    }
    INDArray column = ws.get(layer + "/check-column", type, m, 1);
    INDArray right = ones != null ? ones : input.getColumn(0).reshape(input.rows(), 1);
    Blas.gemm(outputGradient, true, right, false, column, 1, 0);
    return close(column, ones != null ? g.bias() : g.weight().getColumn(0));
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

  /** {@code out = [a 1] f} (N x n') for an n' x n' factor f. */
  void rotateInput(INDArray f, INDArray out) {
    KroneckerBlocks.rightMultiply(input, ones, f, out);
  }
}

package io.apo4j.kfac;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.kernels.Blas;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One batch's Kronecker factors of one layer, from its tap.
 *
 * <p>Scaling convention (KFC, Grosse and Martens 2016). Let a row be one example (dense) or one
 * (example, output location) pair (conv), R the number of rows, N the number of examples, and
 * g = N * dL/ds the per-example output gradient (taps hold gradients of the batch-mean loss):
 * <pre>
 *   A = (1/R) sum_rows a a^T          (n' x n', averaged over examples and locations)
 *   G = (1/N) sum_rows g g^T          (m x m, summed over locations, averaged over examples)
 *     = N * sum_rows (dL/ds)(dL/ds)^T
 * </pre>
 * For a dense layer R = N and both are plain per-example averages. For a conv layer with L
 * locations, A kron G = sum_t E[a_t a_t^T] kron E[g_t g_t^T] under KFC's spatial homogeneity and
 * uncorrelated-derivative assumptions, i.e. the per-example Fisher of the summed-over-locations
 * weight gradient.
 *
 * @param a the batch's A
 * @param g the batch's G
 */
record KroneckerFactors(INDArray a, INDArray g) {

  /** The factors of {@code layer} from {@code tap}, over a batch of {@code examples}, in {@code type}. */
  static KroneckerFactors of(KroneckerLayer layer, LayerTap tap, int examples, DataType type) {
    INDArray a = Nd4j.createUninitialized(type, layer.columns(), layer.columns());
    INDArray g = Nd4j.createUninitialized(type, layer.outputs(), layer.outputs());
    foldInto(layer, tap, examples, 0, a, g);
    return new KroneckerFactors(a, g);
  }

  /**
   * {@code a <- decay*a + (1-decay)*A_batch} and the same for {@code g}, in place, each one GEMM
   * into the running average (no batch-factor temporaries); with {@code decay == 0} the old
   * contents are ignored.
   */
  static void foldInto(KroneckerLayer layer, LayerTap tap, int examples, double decay, INDArray a, INDArray g) {
    INDArray inputs = inputRows(layer, tap.input(), a.dataType());
    INDArray grads = gradientRows(layer, tap.outputGradient(), g.dataType());
    if (inputs.rows() != grads.rows()) {
      throw new Apo4jException(where(layer) + "input tap gives " + inputs.rows() + " rows but output-gradient tap "
          + grads.rows() + "; expected equal");
    }
    Blas.gemm(inputs, true, inputs, false, a, (1 - decay) / inputs.rows(), decay);
    Blas.gemm(grads, true, grads, false, g, (1 - decay) * examples, decay);
  }

  /** R x n' activations (with a ones column for the bias): the tap itself or its im2col patches. */
  static INDArray inputRows(KroneckerLayer layer, INDArray input, DataType type) {
    if (layer.kind() == LayerKind.CONV) {
      requireRank(layer, "input", input, 4);
      long expected = layer.inputs();
      long found = input.size(1) * layer.conv().kernel()[0] * layer.conv().kernel()[1];
      if (found != expected) {
        throw new Apo4jException(where(layer) + "input tap has " + input.size(1) + " channels, giving " + found
            + " patch columns; expected " + expected);
      }
      return Im2col.patches(input, layer.conv(), layer.hasBias(), type);
    }
    requireRank(layer, "input", input, 2);
    if (input.size(1) != layer.inputs()) {
      throw new Apo4jException(where(layer) + "input tap has " + input.size(1) + " columns; expected "
          + layer.inputs());
    }
    INDArray rows = input.castTo(type);
    if (!layer.hasBias()) {
      return rows.dup('c');
    }
    return Nd4j.hstack(rows, Nd4j.ones(type, rows.rows(), 1)).dup('c');
  }

  /** R x m output gradients; conv maps N x m x H' x W' to rows ordered (example, y, x). */
  static INDArray gradientRows(KroneckerLayer layer, INDArray gradient, DataType type) {
    boolean conv = layer.kind() == LayerKind.CONV;
    INDArray g = gradient.castTo(type);
    requireRank(layer, "output-gradient", g, conv ? 4 : 2);
    if (g.size(1) != layer.outputs()) {
      throw new Apo4jException(where(layer) + "output-gradient tap has " + g.size(1) + (conv ? " channels" : " columns")
          + "; expected " + layer.outputs());
    }
    return conv ? g.permute(0, 2, 3, 1).dup('c').reshape('c', -1, g.size(1)) : g.dup('c');
  }

  private static void requireRank(KroneckerLayer layer, String what, INDArray x, int rank) {
    if (x.rank() != rank) {
      throw new Apo4jException(where(layer) + what + " tap has shape " + Arrays.toString(x.shape())
          + "; expected rank " + rank + " for a " + layer.kind() + " layer");
    }
  }

  private static String where(KroneckerLayer layer) {
    return KfacConfig.OWNER + ": layer '" + layer.name() + "': ";
  }
}

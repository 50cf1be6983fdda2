package io.apo4j.kfac;

import io.apo4j.api.kernels.KroneckerBlocks;
import io.apo4j.api.kernels.TapFactors;
import io.apo4j.api.model.KroneckerLayer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A Kronecker layer's gradient as the two blocks of its m x n' matrix view, without copying (see
 * {@link KroneckerBlocks}): the weight block (m x n) and the bias column (m x 1), or null.
 *
 * @param weight m x n view
 * @param bias m x 1 view, or null
 * @param factors the same gradient as the product of the batch's taps, or null ({@link TapFactors})
 */
record LayerGradient(INDArray weight, INDArray bias, TapFactors factors) {

  /** The blocks of {@code layer}'s tensors {@code w} and {@code b} (b ignored without a bias), in {@code type}. */
  static LayerGradient of(KroneckerLayer layer, INDArray w, INDArray b, DataType type) {
    return new LayerGradient(KroneckerBlocks.weightMatrix(layer, w.castTo(type)),
        layer.hasBias() ? KroneckerBlocks.biasColumn(layer, b.castTo(type)) : null, null);
  }

  LayerGradient withFactors(TapFactors f) {
    return new LayerGradient(weight, bias, f);
  }
}

package io.apo4j.api.model;

import io.apo4j.api.Stable;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A layer whose weight acts as a matrix product, so curvature methods (KFAC, APO-P) can
 * precondition its gradient with Kronecker factors.
 *
 * <p>The layer's matrix view is m x n' where n' = n + 1 when it has a bias (the bias is the last
 * column). {@link #toMatrix} and {@link #fromMatrix} convert between the parameter tensors and
 * that view.
 *
 * @param name the graph node's name
 * @param kind dense or conv
 * @param weight name of the weight parameter
 * @param bias name of the bias parameter, or null
 * @param outputs m: output features (dense) or output channels (conv)
 * @param inputs n: input features (dense) or c_in*kh*kw (conv), without the bias column
 * @param layout how the weight tensor is stored
 * @param conv geometry of a conv layer, null for dense
 */
@Stable
public record KroneckerLayer(String name, LayerKind kind, String weight, String bias, int outputs,
    int inputs, WeightLayout layout, ConvGeometry conv) {

  public Optional<String> biasName() {
    return Optional.ofNullable(bias);
  }

  public boolean hasBias() {
    return bias != null;
  }

  /** Columns of the matrix view: n, plus one for the bias. */
  public int columns() {
    return inputs + (hasBias() ? 1 : 0);
  }

  /** The m x n' matrix view of a weight (and bias) tensor pair, as a new array. */
  public INDArray toMatrix(INDArray weightTensor, INDArray biasTensor) {
    INDArray w = switch (layout) {
      case OUT_IN -> weightTensor.reshape('c', outputs, inputs);
      case IN_OUT -> weightTensor.reshape('c', inputs, outputs).transpose();
      case CONV_OIHW -> weightTensor.reshape('c', outputs, inputs);
    };
    if (!hasBias()) {
      return w.dup('c');
    }
    return Nd4j.hstack(w, biasTensor.reshape('c', outputs, 1)).dup('c');
  }

  /** The weight tensor (shaped like {@code weightShape}) held in an m x n' matrix. */
  public INDArray weightFromMatrix(INDArray matrix, long[] weightShape) {
    INDArray w = matrix.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, inputs));
    INDArray stored = layout == WeightLayout.IN_OUT ? w.transpose() : w;
    return stored.dup('c').reshape('c', weightShape);
  }

  /** The bias vector held in the last column of an m x n' matrix. */
  public INDArray biasFromMatrix(INDArray matrix, long[] biasShape) {
    if (!hasBias()) {
      throw new IllegalStateException("layer '" + name + "' has no bias");
    }
    return matrix.getColumn(inputs).dup('c').reshape('c', biasShape);
  }
}

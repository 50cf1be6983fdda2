package io.apo4j.onnx.ops;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The computation of one ONNX node: a forward pass and its vector-Jacobian product.
 *
 * <p>An {@code Op} is created once per node at import (see {@link OpTable}), after its attributes
 * were checked; it keeps no per-pass state in fields. Whatever backward needs beyond the node's
 * inputs and outputs goes into {@link OpContext#save}. Ops must work in float32 and float64 (the
 * gradient checks run in float64) and must never write into their inputs.
 */
public interface Op {
  /**
   * Computes the node's outputs.
   *
   * @param inputs one entry per node input, null where an optional input is omitted
   * @return one entry per node output (null allowed for outputs the node does not request)
   */
  INDArray[] forward(OpContext ctx, INDArray[] inputs);

  /**
   * The vector-Jacobian product: given dLoss/dOutput for each output (null where an output does
   * not reach the loss), returns dLoss/dInput for each input, shaped like that input; null for
   * inputs that are not differentiable or where {@link OpContext#needsGradient} is false.
   * The default declares the op non-differentiable (all null), right for shape and integer ops.
   */
  default INDArray[] backward(OpContext ctx, INDArray[] inputs, INDArray[] outputs, INDArray[] outputGradients) {
    return new INDArray[inputs.length];
  }

  /**
   * Whether the outputs depend only on the inputs (no mode, no randomness), so the importer may
   * evaluate the node once when all its inputs are constants.
   */
  default boolean foldable() {
    return true;
  }
}

package io.apo4j.api.model;

import io.apo4j.api.Stable;
import io.apo4j.api.TensorMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of a backward pass.
 *
 * @param parameters gradient of the scalar loss with respect to every trainable parameter
 * @param taps per Kronecker layer name, its input and output gradient (empty unless asked for)
 * @param inputs gradient with respect to float model inputs (empty unless asked for)
 */
@Stable
public record Gradients(TensorMap parameters, Map<String, LayerTap> taps, Map<String, INDArray> inputs) {
  public Gradients {
    taps = Map.copyOf(taps);
    inputs = Map.copyOf(inputs);
  }
}

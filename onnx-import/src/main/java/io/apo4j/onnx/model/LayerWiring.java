package io.apo4j.onnx.model;

import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerKind;
import io.apo4j.api.model.LayerTap;
import io.apo4j.onnx.exec.Trace;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a Kronecker layer sits in the graph: the value feeding it and the value holding its
 * pre-activation output (after the bias), whose gradients the backward pass already computes.
 */
public record LayerWiring(KroneckerLayer layer, String inputValue, String outputValue) {

  /** The layer's tap from a pass and its gradients; dense layers flatten leading axes into N. */
  LayerTap tap(Trace trace, Map<String, INDArray> grads) {
    INDArray input = trace.values().get(inputValue);
    INDArray output = trace.values().get(outputValue);
    INDArray g = grads.get(outputValue);
    if (g == null) {
      g = output.ulike().assign(0);
    }
    if (layer.kind() == LayerKind.CONV) {
      return new LayerTap(input, g);
    }
    return new LayerTap(input.reshape('c', input.length() / layer.inputs(), layer.inputs()),
        g.reshape('c', g.length() / layer.outputs(), layer.outputs()));
  }
}

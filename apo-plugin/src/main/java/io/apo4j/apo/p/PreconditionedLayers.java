package io.apo4j.apo.p;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.TensorMap;
import io.apo4j.api.model.KroneckerLayer;
import java.util.ArrayList;
import java.util.List;

/** Chooses the Kronecker layers APO-P preconditions and checks them against the parameters. */
final class PreconditionedLayers {
  private PreconditionedLayers() {}

  /**
   * The layers whose weight (and bias, if any) are trainable parameters; a layer whose weight is
   * not trained is left out, one whose sizes contradict its weight is an error.
   */
  static List<KroneckerLayer> select(TensorMap params, List<KroneckerLayer> layers) {
    List<KroneckerLayer> used = new ArrayList<>();
    for (KroneckerLayer layer : layers) {
      if (!params.contains(layer.weight()) || (layer.hasBias() && !params.contains(layer.bias()))) {
        continue;
      }
      long elements = params.get(layer.weight()).length();
      if (elements != (long) layer.outputs() * layer.inputs()) {
        throw new Apo4jException("optimizer 'apo-p': layer '" + layer.name() + "' does not fit its weight '"
            + layer.weight() + "'; expected " + layer.outputs() + " x " + layer.inputs() + " = "
            + (long) layer.outputs() * layer.inputs() + " elements, found " + elements);
      }
      if (layer.hasBias() && params.get(layer.bias()).length() != layer.outputs()) {
        throw new Apo4jException("optimizer 'apo-p': layer '" + layer.name() + "' does not fit its bias '"
            + layer.bias() + "'; expected " + layer.outputs() + " elements, found "
            + params.get(layer.bias()).length());
      }
      used.add(layer);
    }
    return used;
  }
}

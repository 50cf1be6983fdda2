package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import io.apo4j.api.optim.LayerStatistics;
import java.util.List;
import java.util.Map;

/** Layer statistics read from the taps of one backward pass. */
final class TapStatistics implements LayerStatistics {
  private final List<KroneckerLayer> layers;
  private final Map<String, LayerTap> taps;
  private final int batchSize;

  TapStatistics(List<KroneckerLayer> layers, Map<String, LayerTap> taps, int batchSize) {
    for (KroneckerLayer layer : layers) {
      if (!taps.containsKey(layer.name())) {
        throw new Apo4jException("layer statistics: Kronecker layer '" + layer.name()
            + "' has no tap; expected taps for " + layers.stream().map(KroneckerLayer::name).toList()
            + ", found " + taps.keySet() + ". Was the backward pass run with LAYER_TAPS?");
      }
    }
    this.layers = List.copyOf(layers);
    this.taps = Map.copyOf(taps);
    this.batchSize = batchSize;
  }

  @Override
  public List<KroneckerLayer> layers() {
    return layers;
  }

  @Override
  public LayerTap tap(String name) {
    LayerTap tap = taps.get(name);
    if (tap == null) {
      throw new Apo4jException("layer statistics: no layer '" + name + "'; expected one of " + taps.keySet());
    }
    return tap;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }
}

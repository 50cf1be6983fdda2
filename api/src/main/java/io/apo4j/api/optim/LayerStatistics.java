package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.model.KroneckerLayer;
import io.apo4j.api.model.LayerTap;
import java.util.List;

/** Per Kronecker layer, what the step's backward pass saw (KFAC's a and g). */
@Stable
public interface LayerStatistics {
  List<KroneckerLayer> layers();

  /** The tap of layer {@code name}; output gradients are of the batch-mean loss. */
  LayerTap tap(String name);

  /** Examples in the batch (divide by it to undo the mean, or multiply to get per-example g). */
  int batchSize();
}

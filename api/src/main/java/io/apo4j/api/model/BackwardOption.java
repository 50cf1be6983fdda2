package io.apo4j.api.model;

import io.apo4j.api.Stable;

/** What a backward pass should record beyond parameter gradients. */
@Stable
public enum BackwardOption {
  /** Record each Kronecker layer's input and output gradient ({@link LayerTap}). */
  LAYER_TAPS,
  /** Also compute gradients with respect to float inputs. */
  INPUT_GRADIENTS
}

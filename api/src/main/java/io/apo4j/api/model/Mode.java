package io.apo4j.api.model;

import io.apo4j.api.Stable;

/** How a forward pass treats batch-dependent operators. */
@Stable
public enum Mode {
  /** Batch statistics for BatchNormalization (new running statistics are returned), dropout on. */
  TRAIN,
  /** Running statistics, dropout off. */
  EVAL
}

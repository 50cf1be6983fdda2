package io.apo4j.api.loss;

import io.apo4j.api.Stable;

/** What a loss expects as targets. */
@Stable
public enum TargetKind {
  /** Class indices, shape N (stored as floats). */
  CLASS_INDEX,
  /** Values shaped like the outputs. */
  VALUES
}

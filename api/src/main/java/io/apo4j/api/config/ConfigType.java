package io.apo4j.api.config;

import io.apo4j.api.Stable;

/** Types a configuration value can have. */
@Stable
public enum ConfigType {
  /** A floating-point number ({@code 1e-3} and {@code "1e-3"} are both accepted). */
  DECIMAL,
  /** A whole number. */
  INTEGER,
  /** {@code true} or {@code false}. */
  FLAG,
  /** One of a fixed list of strings. */
  CHOICE,
  /** Free text (file paths, ids). */
  TEXT,
  /** A nested map, handed over as is (e.g. the base optimizer of {@code apo-lr}). */
  SECTION
}

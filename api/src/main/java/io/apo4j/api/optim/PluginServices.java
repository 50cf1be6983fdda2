package io.apo4j.api.optim;

import io.apo4j.api.Stable;
import io.apo4j.api.discrepancy.Discrepancy;
import java.util.Map;
import java.util.Set;

/**
 * Other plugins, by id, for providers that compose them (APO wraps a base optimizer and uses a
 * discrepancy). Unknown ids fail with the list of available ones.
 */
@Stable
public interface PluginServices {
  /** Creates the optimizer described by {@code spec} ({@code id} plus its config keys). */
  Optimizer optimizer(Map<String, ?> spec);

  /** Creates the discrepancy described by {@code spec} ({@code id} plus its config keys). */
  Discrepancy discrepancy(Map<String, ?> spec);

  Set<String> optimizerIds();

  Set<String> discrepancyIds();
}

package io.apo4j.api.optim;

import io.apo4j.api.Provider;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;

/** Entry point of an optimizer plugin (e.g. {@code sgd}, {@code kfac}, {@code apo-lr}). */
@Stable
public interface OptimizerProvider extends Provider {
  /**
   * Creates the optimizer.
   *
   * @param config validated against {@link #configSpec()}
   * @param services other plugins (a base optimizer, a discrepancy) by id
   */
  Optimizer create(Config config, PluginServices services);
}

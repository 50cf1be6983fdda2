package io.apo4j.testkit.optim;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Stable;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.PluginServices;
import java.util.Map;
import java.util.Set;

/** Plugin services with no other plugins: for optimizers that compose none. */
@Stable
public final class NoPluginServices implements PluginServices {
  @Override
  public Optimizer optimizer(Map<String, ?> spec) {
    throw new Apo4jException("test plugin services: unknown optimizer '" + spec.get("id") + "'; available: []");
  }

  @Override
  public Discrepancy discrepancy(Map<String, ?> spec) {
    throw new Apo4jException("test plugin services: unknown discrepancy '" + spec.get("id") + "'; available: []");
  }

  @Override
  public Set<String> optimizerIds() {
    return Set.of();
  }

  @Override
  public Set<String> discrepancyIds() {
    return Set.of();
  }
}

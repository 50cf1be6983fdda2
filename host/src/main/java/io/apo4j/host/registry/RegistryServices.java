package io.apo4j.host.registry;

import io.apo4j.api.config.ConfigException;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;
import java.util.Map;
import java.util.Set;

/** {@link PluginServices} backed by a registry: specs are maps with an {@code id} and config keys. */
final class RegistryServices implements PluginServices {
  private final PluginRegistry registry;

  RegistryServices(PluginRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Optimizer optimizer(Map<String, ?> spec) {
    OptimizerProvider p = registry.optimizerProvider(idOf("optimizer", spec));
    return p.create(p.configSpec().bind(spec), this);
  }

  @Override
  public Discrepancy discrepancy(Map<String, ?> spec) {
    DiscrepancyProvider p = registry.discrepancyProvider(idOf("discrepancy", spec));
    return p.create(p.configSpec().bind(spec));
  }

  @Override
  public Set<String> optimizerIds() {
    return registry.ids(ProviderKind.OPTIMIZER);
  }

  @Override
  public Set<String> discrepancyIds() {
    return registry.ids(ProviderKind.DISCREPANCY);
  }

  private static String idOf(String what, Map<String, ?> spec) {
    Object id = spec.get("id");
    if (id == null || id.toString().isBlank()) {
      throw new ConfigException(what + ": key 'id' is required; found keys " + spec.keySet());
    }
    return id.toString();
  }
}

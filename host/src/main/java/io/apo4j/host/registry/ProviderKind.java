package io.apo4j.host.registry;

import io.apo4j.api.Provider;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.loss.LossProvider;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.api.optim.OptimizerProvider;
import java.util.Locale;

/** The kinds of plugin the host discovers, each with its service interface. */
public enum ProviderKind {
  OPTIMIZER(OptimizerProvider.class),
  DISCREPANCY(DiscrepancyProvider.class),
  LOSS(LossProvider.class),
  MODEL_IMPORTER(ModelImporterProvider.class);

  private final Class<? extends Provider> service;

  ProviderKind(Class<? extends Provider> service) {
    this.service = service;
  }

  public Class<? extends Provider> service() {
    return service;
  }

  /** Lowercase-kebab label for tables and messages ("model-importer"). */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The kind whose service {@code provider} implements. */
  public static ProviderKind of(Provider provider) {
    for (ProviderKind k : values()) {
      if (k.service.isInstance(provider)) {
        return k;
      }
    }
    throw new IllegalArgumentException("not a known provider kind: " + provider.getClass().getName());
  }
}

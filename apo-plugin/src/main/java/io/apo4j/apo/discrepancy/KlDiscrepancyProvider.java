package io.apo4j.apo.discrepancy;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;

/** Provides the {@code kl} discrepancy ({@link KlDiscrepancy}); it takes no configuration keys. */
public final class KlDiscrepancyProvider implements DiscrepancyProvider {
  @Override
  public String id() {
    return KlDiscrepancy.ID;
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "KL(softmax(old) || softmax(new)) between logits, mean over the batch (APO's natural-gradient FSD).";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("discrepancy 'kl'").build();
  }

  @Override
  public Discrepancy create(Config config) {
    return new KlDiscrepancy();
  }
}

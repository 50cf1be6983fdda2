package io.apo4j.apo.discrepancy;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;

/** Provides the {@code bernoulli-kl} discrepancy ({@link BernoulliKlDiscrepancy}); it takes no configuration keys. */
public final class BernoulliKlDiscrepancyProvider implements DiscrepancyProvider {
  @Override
  public String id() {
    return BernoulliKlDiscrepancy.ID;
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "KL between Bernoulli(sigmoid(old)) and Bernoulli(sigmoid(new)) per output, mean over the batch.";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("discrepancy 'bernoulli-kl'").build();
  }

  @Override
  public Discrepancy create(Config config) {
    return new BernoulliKlDiscrepancy();
  }
}

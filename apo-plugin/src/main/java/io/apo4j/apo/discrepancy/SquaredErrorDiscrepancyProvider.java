package io.apo4j.apo.discrepancy;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;

/** Provides the {@code squared-error} discrepancy ({@link SquaredErrorDiscrepancy}); it takes no configuration keys. */
public final class SquaredErrorDiscrepancyProvider implements DiscrepancyProvider {
  @Override
  public String id() {
    return SquaredErrorDiscrepancy.ID;
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "0.5 * squared distance between outputs, mean over the batch (APO's Gauss-Newton FSD).";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("discrepancy 'squared-error'").build();
  }

  @Override
  public Discrepancy create(Config config) {
    return new SquaredErrorDiscrepancy();
  }
}

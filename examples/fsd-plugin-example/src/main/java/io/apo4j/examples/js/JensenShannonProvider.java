package io.apo4j.examples.js;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.discrepancy.Discrepancy;
import io.apo4j.api.discrepancy.DiscrepancyProvider;

/**
 * Provides the {@code js} discrepancy ({@link JensenShannonDiscrepancy}). The host creates it with
 * {@code new}, so the class is public with a public no-argument constructor, and cheap to build.
 */
public final class JensenShannonProvider implements DiscrepancyProvider {
  static final String ID = "js";

  @Override
  public String id() {
    return ID;
  }

  /** The API this plugin was compiled against: the constants are copied into this class file. */
  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "Jensen-Shannon divergence between softmax(new / T) and softmax(old / T), mean over the batch.";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("discrepancy '" + ID + "'")
        .decimal("temperature", 1.0, "softmax temperature T applied to both outputs", 1e-3, 1e3)
        .build();
  }

  @Override
  public Discrepancy create(Config config) {
    return new JensenShannonDiscrepancy(config.decimal("temperature"));
  }
}

package io.apo4j.examples.lion;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/**
 * Provides {@code lion}. The host creates providers with {@code new} and asks them for their id,
 * API version and config spec before any training starts; {@link #create} gets a config already
 * validated against {@link #configSpec()}.
 */
public final class LionProvider implements OptimizerProvider {
  static final String ID = "lion";
  static final String OWNER = "optimizer '" + ID + "'";

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
    return "Lion: sign of an interpolated momentum, decoupled weight decay (Chen et al. 2023).";
  }

  @Override
  public ConfigSpec configSpec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(OWNER)
        .decimal("lr", 1e-4, "learning rate (Lion wants 3-10x less than AdamW)", 0, inf)
        .decimal("beta1", 0.9, "interpolation between momentum and gradient for the sign, in [0, 1)", 0, 1)
        .decimal("beta2", 0.99, "decay of the momentum, in [0, 1)", 0, 1)
        .decimal("weight-decay", 0.0, "decoupled weight decay: the step adds lr * weight-decay * p", 0, inf)
        .section("schedule", "learning-rate schedule (constant, step, cosine; optional linear warm-up)")
        .build();
  }

  /** Lion composes no other plugin, so {@code services} is unused. */
  @Override
  public Optimizer create(Config config, PluginServices services) {
    return new Lion(LionConfig.from(config));
  }
}

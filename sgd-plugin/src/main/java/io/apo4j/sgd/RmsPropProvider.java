package io.apo4j.sgd;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/** Provides {@code rmsprop}: {@code torch.optim.RMSprop} with optional momentum and centering. */
public final class RmsPropProvider implements OptimizerProvider {
  static final String ID = "rmsprop";
  private static final String OWNER = "optimizer '" + ID + "'";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "RMSprop with optional momentum and centering (torch.optim.RMSprop).";
  }

  @Override
  public ConfigSpec configSpec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(OWNER)
        .decimal("lr", 0.01, "learning rate (PyTorch default)", 0, inf)
        .decimal("alpha", 0.99, "smoothing constant of the squared-gradient average", 0, 1)
        .decimal("eps", 1e-8, "added to the root of the average (outside the square root)", 0, inf)
        .decimal("weight-decay", 0.0, "L2 penalty added to the gradient: g + weight-decay * p", 0, inf)
        .decimal("momentum", 0.0, "momentum factor in [0, 1); 0 = none", 0, 1)
        .flag("centered", false, "normalise by the estimated variance instead of the raw second moment")
        .section("schedule", "learning-rate schedule (constant, step, cosine; optional linear warm-up)")
        .build();
  }

  @Override
  public Optimizer create(Config config, PluginServices services) {
    return new RmsProp(OWNER, RmsPropConfig.from(config));
  }
}

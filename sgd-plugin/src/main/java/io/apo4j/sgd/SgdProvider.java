package io.apo4j.sgd;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/** Provides {@code sgd}: {@code torch.optim.SGD} with momentum, dampening, Nesterov and weight decay. */
public final class SgdProvider implements OptimizerProvider {
  static final String ID = "sgd";
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
    return "Stochastic gradient descent with momentum, dampening, Nesterov and weight decay (torch.optim.SGD).";
  }

  @Override
  public ConfigSpec configSpec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(OWNER)
        .decimal("lr", 0.01, "learning rate (PyTorch has no default; 0.01 here)", 0, inf)
        .decimal("momentum", 0.0, "momentum factor in [0, 1); 0 = plain SGD", 0, 1)
        .decimal("dampening", 0.0, "dampening of the gradient in the momentum buffer", 0, 1)
        .flag("nesterov", false, "Nesterov momentum (needs momentum > 0 and dampening = 0)")
        .decimal("weight-decay", 0.0, "L2 penalty added to the gradient: g + weight-decay * p", 0, inf)
        .section("schedule", "learning-rate schedule (constant, step, cosine; optional linear warm-up)")
        .build();
  }

  @Override
  public Optimizer create(Config config, PluginServices services) {
    return new Sgd(OWNER, SgdConfig.from(config));
  }
}

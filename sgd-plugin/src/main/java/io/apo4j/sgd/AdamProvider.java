package io.apo4j.sgd;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/** Provides {@code adam}: Adam with bias correction, L2 weight decay and optional AMSGrad (torch.optim.Adam). */
public final class AdamProvider implements OptimizerProvider {
  static final String ID = "adam";
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
    return "Adam with bias correction, L2 weight decay and optional AMSGrad (torch.optim.Adam).";
  }

  @Override
  public ConfigSpec configSpec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(OWNER)
        .decimal("lr", 0.001, "learning rate (PyTorch default)", 0, inf)
        .decimal("beta1", 0.9, "decay of the first moment, in [0, 1)", 0, 1)
        .decimal("beta2", 0.999, "decay of the second moment, in [0, 1)", 0, 1)
        .decimal("eps", 1e-8, "added to the denominator, outside the square root", 0, inf)
        .decimal("weight-decay", 0.0, "L2 penalty added to the gradient: g + weight-decay * p", 0, inf)
        .flag("amsgrad", false, "use the running maximum of the second moment (AMSGrad)")
        .section("schedule", "learning-rate schedule (constant, step, cosine; optional linear warm-up)")
        .build();
  }

  @Override
  public Optimizer create(Config config, PluginServices services) {
    return new Adam(OWNER, AdamConfig.from(config, WeightDecayMode.L2));
  }
}

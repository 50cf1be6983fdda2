package io.apo4j.sgd;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/**
 * What {@code adam} and {@code adamw} share: the same keys and update, differing only in how
 * weight decay enters (L2 in the gradient, or decoupled) and in its default.
 */
abstract class AdamFamilyProvider implements OptimizerProvider {
  private final String id;
  private final String description;
  private final WeightDecayMode decay;
  private final double decayDefault;
  private final String decayHelp;

  AdamFamilyProvider(String id, String description, WeightDecayMode decay, double decayDefault, String decayHelp) {
    this.id = id;
    this.description = description;
    this.decay = decay;
    this.decayDefault = decayDefault;
    this.decayHelp = decayHelp;
  }

  private String owner() {
    return "optimizer '" + id + "'";
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final ConfigSpec configSpec() {
    double inf = Double.POSITIVE_INFINITY;
    return ConfigSpec.builder(owner())
        .decimal("lr", 0.001, "learning rate (PyTorch default)", 0, inf)
        .decimal("beta1", 0.9, "decay of the first moment, in [0, 1)", 0, 1)
        .decimal("beta2", 0.999, "decay of the second moment, in [0, 1)", 0, 1)
        .decimal("eps", 1e-8, "added to the denominator, outside the square root", 0, inf)
        .decimal("weight-decay", decayDefault, decayHelp, 0, inf)
        .flag("amsgrad", false, "use the running maximum of the second moment (AMSGrad)")
        .section("schedule", "learning-rate schedule (constant, step, cosine; optional linear warm-up)")
        .build();
  }

  @Override
  public final Optimizer create(Config config, PluginServices services) {
    return new Adam(owner(), AdamConfig.from(config, decay));
  }
}

package io.apo4j.kfac;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.optim.Optimizer;
import io.apo4j.api.optim.OptimizerProvider;
import io.apo4j.api.optim.PluginServices;

/** Provides the {@code kfac} optimizer (Kronecker-factored approximate curvature). */
public final class KfacProvider implements OptimizerProvider {
  public KfacProvider() {}

  @Override
  public String id() {
    return "kfac";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "K-FAC: Kronecker-factored natural gradient (eigen or damped-inverse form) with SGD momentum";
  }

  @Override
  public ConfigSpec configSpec() {
    return KfacConfig.spec();
  }

  @Override
  public Optimizer create(Config config, PluginServices services) {
    return new KfacOptimizer(KfacConfig.from(config));
  }
}

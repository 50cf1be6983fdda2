package io.apo4j.api.loss;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;

/** Provides the {@code mse} loss ({@link Losses#mse()}); it takes no configuration keys. */
@Stable
public final class MseLossProvider implements LossProvider {
  @Override
  public String id() {
    return "mse";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "Mean squared error over every element (torch MSELoss, mean).";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("loss 'mse'").build();
  }

  @Override
  public Loss create(Config config) {
    return Losses.mse();
  }
}

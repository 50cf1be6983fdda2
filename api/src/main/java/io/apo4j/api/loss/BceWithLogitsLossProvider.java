package io.apo4j.api.loss;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;

/** Provides the {@code bce-with-logits} loss ({@link Losses#bceWithLogits()}); it takes no configuration keys. */
@Stable
public final class BceWithLogitsLossProvider implements LossProvider {
  @Override
  public String id() {
    return "bce-with-logits";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "Binary cross-entropy on logits over every element (torch BCEWithLogitsLoss, mean).";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("loss 'bce-with-logits'").build();
  }

  @Override
  public Loss create(Config config) {
    return Losses.bceWithLogits();
  }
}

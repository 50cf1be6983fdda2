package io.apo4j.api.loss;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;

/** Provides the {@code cross-entropy} loss ({@link Losses#crossEntropy()}); it takes no configuration keys. */
@Stable
public final class CrossEntropyLossProvider implements LossProvider {
  @Override
  public String id() {
    return "cross-entropy";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public String description() {
    return "Softmax cross-entropy on logits against class indices (torch CrossEntropyLoss, mean).";
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("loss 'cross-entropy'").build();
  }

  @Override
  public Loss create(Config config) {
    return Losses.crossEntropy();
  }
}

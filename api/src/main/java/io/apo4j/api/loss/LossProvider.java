package io.apo4j.api.loss;

import io.apo4j.api.Provider;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;

/** Entry point of a loss ({@code cross-entropy}, {@code mse}, {@code bce-with-logits}). */
@Stable
public interface LossProvider extends Provider {
  Loss create(Config config);
}

package io.apo4j.testkit.optim;

import io.apo4j.api.Stable;
import java.util.Map;

/**
 * A configuration a provider must refuse, and the exact message it must refuse it with.
 *
 * @param config the raw keys, as in a run config (without {@code id})
 * @param message the expected {@link io.apo4j.api.Apo4jException} message
 */
@Stable
public record InvalidConfig(Map<String, Object> config, String message) {
  public InvalidConfig {
    config = Map.copyOf(config);
  }

  /** Shorthand for one bad key. */
  public static InvalidConfig of(String key, Object value, String message) {
    return new InvalidConfig(Map.of(key, value), message);
  }
}

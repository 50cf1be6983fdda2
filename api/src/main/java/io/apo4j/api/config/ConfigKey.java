package io.apo4j.api.config;

import io.apo4j.api.Stable;
import java.util.List;

/**
 * One key a provider's configuration accepts.
 *
 * @param name lowercase-kebab key, as written in a run config
 * @param type the value's type
 * @param defaultValue value when the key is omitted; {@code null} means required (or, for a
 *     {@link ConfigType#SECTION}, absent)
 * @param description one sentence for help texts and docs
 * @param min inclusive lower bound for numbers
 * @param max inclusive upper bound for numbers
 * @param choices allowed values of a {@link ConfigType#CHOICE}
 */
@Stable
public record ConfigKey(String name, ConfigType type, Object defaultValue, String description,
    double min, double max, List<String> choices) {
  public ConfigKey {
    choices = List.copyOf(choices);
  }

  /** Whether the key has no default and must be given. */
  public boolean required() {
    return defaultValue == null && type != ConfigType.SECTION;
  }
}

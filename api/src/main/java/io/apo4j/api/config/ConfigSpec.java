package io.apo4j.api.config;

import io.apo4j.api.Stable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The typed keys a provider accepts. {@link #bind} validates a raw map (from YAML, JSON or
 * {@code --set key=value} flags) against them, so a typo or a bad value fails at start-up with a
 * message naming the key and the valid choices.
 */
@Stable
public final class ConfigSpec {
  private final String owner;
  private final Map<String, ConfigKey> keys;

  private ConfigSpec(String owner, Map<String, ConfigKey> keys) {
    this.owner = owner;
    this.keys = Collections.unmodifiableMap(keys);
  }

  /** A builder for the spec of {@code owner}, which error messages name (e.g. "optimizer 'sgd'"). */
  public static Builder builder(String owner) {
    return new Builder(owner);
  }

  public String owner() {
    return owner;
  }

  public List<ConfigKey> keys() {
    return List.copyOf(keys.values());
  }

  /**
   * Checks {@code raw} against the keys and fills in defaults. The key {@code id} is ignored, since
   * run configs name the provider in the same map.
   *
   * @throws ConfigException naming the key, what was expected and what was found
   */
  public Config bind(Map<String, ?> raw) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      if (e.getKey().equals("id")) {
        continue;
      }
      ConfigKey key = keys.get(e.getKey());
      if (key == null) {
        throw new ConfigException(owner + ": unknown key '" + e.getKey() + "'; expected one of "
            + keys.keySet());
      }
      values.put(key.name(), ConfigValues.convert(owner, key, e.getValue()));
    }
    for (ConfigKey key : keys.values()) {
      if (!values.containsKey(key.name())) {
        if (key.required()) {
          throw new ConfigException(owner + ": key '" + key.name() + "' is required (" + key.description() + ")");
        }
        if (key.defaultValue() != null) {
          values.put(key.name(), key.defaultValue());
        }
      }
    }
    return new Config(owner, values, raw.keySet());
  }

  /** Collects keys in the order they should be documented. */
  public static final class Builder {
    private final String owner;
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();

    private Builder(String owner) {
      this.owner = owner;
    }

    /** A number in {@code [min, max]}; {@code defaultValue} null makes it required. */
    public Builder decimal(String name, Double defaultValue, String description, double min, double max) {
      return add(new ConfigKey(name, ConfigType.DECIMAL, defaultValue, description, min, max, List.of()));
    }

    /** A whole number in {@code [min, max]}. */
    public Builder integer(String name, Long defaultValue, String description, long min, long max) {
      return add(new ConfigKey(name, ConfigType.INTEGER, defaultValue, description, min, max, List.of()));
    }

    public Builder flag(String name, boolean defaultValue, String description) {
      return add(new ConfigKey(name, ConfigType.FLAG, defaultValue, description, 0, 0, List.of()));
    }

    public Builder choice(String name, String defaultValue, String description, List<String> choices) {
      return add(new ConfigKey(name, ConfigType.CHOICE, defaultValue, description, 0, 0, choices));
    }

    public Builder text(String name, String defaultValue, String description) {
      return add(new ConfigKey(name, ConfigType.TEXT, defaultValue, description, 0, 0, List.of()));
    }

    /** A nested map; absent unless given. */
    public Builder section(String name, String description) {
      return add(new ConfigKey(name, ConfigType.SECTION, null, description, 0, 0, List.of()));
    }

    public Builder add(ConfigKey key) {
      if (keys.put(key.name(), key) != null) {
        throw new IllegalArgumentException(owner + ": config key '" + key.name() + "' declared twice");
      }
      return this;
    }

    public ConfigSpec build() {
      return new ConfigSpec(owner, new LinkedHashMap<>(keys));
    }
  }

  @Override
  public String toString() {
    return owner + new ArrayList<>(keys.keySet());
  }
}

package io.apo4j.api.config;

import io.apo4j.api.Stable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A validated configuration: every declared key with its value or default. */
@Stable
public final class Config {
  private final String owner;
  private final Map<String, Object> values;
  private final Set<String> given;

  Config(String owner, Map<String, Object> values, Set<String> given) {
    this.owner = owner;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.given = Set.copyOf(given);
  }

  public double decimal(String name) {
    return ((Number) value(name)).doubleValue();
  }

  public long integer(String name) {
    return ((Number) value(name)).longValue();
  }

  public boolean flag(String name) {
    return (Boolean) value(name);
  }

  /** A CHOICE or TEXT value. */
  public String text(String name) {
    return (String) value(name);
  }

  /** A SECTION value, or an empty map when it was not given. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> section(String name) {
    Object v = values.get(name);
    return v == null ? Map.of() : (Map<String, Object>) v;
  }

  /** Whether the user wrote this key (as opposed to taking its default). */
  public boolean isGiven(String name) {
    return given.contains(name);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** Every resolved value, for provenance records. */
  public Map<String, Object> asMap() {
    return values;
  }

  public String owner() {
    return owner;
  }

  private Object value(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new ConfigException(owner + ": key '" + name + "' has no value; known keys " + values.keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    return owner + values;
  }
}

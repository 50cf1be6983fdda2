package io.apo4j.api.config;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Stable;

/** A configuration value is missing, unknown, of the wrong type or out of range. */
@Stable
public class ConfigException extends Apo4jException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}

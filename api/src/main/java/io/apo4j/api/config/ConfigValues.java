package io.apo4j.api.config;

import java.util.Locale;
import java.util.Map;

/** Converts raw values (numbers, strings from flags, maps) into the type a key declares. */
final class ConfigValues {
  private ConfigValues() {}

  static Object convert(String owner, ConfigKey key, Object raw) {
    String where = owner + ": key '" + key.name() + "'";
    if (raw == null) {
      throw new ConfigException(where + " has no value; expected " + expected(key));
    }
    return switch (key.type()) {
      case DECIMAL -> inRange(where, key, toDouble(where, key, raw));
      case INTEGER -> {
        double d = toDouble(where, key, raw);
        if (d != Math.rint(d) || Double.isInfinite(d)) {
          throw new ConfigException(where + " must be a whole number; found " + raw);
        }
        inRange(where, key, d);
        yield (long) d;
      }
      case FLAG -> {
        String s = raw.toString().toLowerCase(Locale.ROOT);
        if (!s.equals("true") && !s.equals("false")) {
          throw new ConfigException(where + " must be true or false; found " + raw);
        }
        yield Boolean.parseBoolean(s);
      }
      case CHOICE -> {
        String s = raw.toString();
        if (!key.choices().contains(s)) {
          throw new ConfigException(where + ": '" + s + "' is not a valid choice; expected one of " + key.choices());
        }
        yield s;
      }
      case TEXT -> raw.toString();
      case SECTION -> {
        if (raw instanceof Map<?, ?> map) {
          yield map;
        }
        if (raw instanceof String s && !s.isBlank()) {
          yield Map.of("id", s);
        }
        throw new ConfigException(where + " must be a map (or an id); found " + raw);
      }
    };
  }

  private static double toDouble(String where, ConfigKey key, Object raw) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    try {
      return Double.parseDouble(raw.toString().trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(where + " must be a number; found '" + raw + "'");
    }
  }

  private static double inRange(String where, ConfigKey key, double value) {
    if (Double.isNaN(value) || value < key.min() || value > key.max()) {
      throw new ConfigException(where + " is out of range; expected " + expected(key) + ", found " + value);
    }
    return value;
  }

  private static String expected(ConfigKey key) {
    return switch (key.type()) {
      case DECIMAL, INTEGER -> "a number in [" + fmt(key.min()) + ", " + fmt(key.max()) + "]";
      case FLAG -> "true or false";
      case CHOICE -> "one of " + key.choices();
      case TEXT -> "text";
      case SECTION -> "a map";
    };
  }

  private static String fmt(double d) {
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}

package io.apo4j.host.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/** Deep merge of run-config trees: maps merge key by key, anything else is replaced. */
final class Overrides {
  private Overrides() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overrides) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    overrides.forEach((k, v) -> {
      Object old = out.get(k);
      if (old instanceof Map<?, ?> om && v instanceof Map<?, ?> vm && !k.equals("optimizer")) {
        out.put(k, merge((Map<String, Object>) om, (Map<String, Object>) vm));
      } else {
        // an optimizer is replaced whole: keys of one optimizer mean nothing to another
        out.put(k, v);
      }
    });
    return out;
  }
}

package io.apo4j.host.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.apo4j.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison: one base run config, several named variants (each a set of overrides, usually the
 * optimizer), and the seeds every variant runs with.
 * <pre>
 * name: lr-adaptation-mlp
 * base: {model: m.onnx, data: {...}, loss: cross-entropy, batch-size: 128, steps: 1000, eval-every: 100}
 * seeds: [0, 1, 2]
 * runs:
 *   - {name: sgdm-0.01, optimizer: {id: sgd, lr: 0.01, momentum: 0.9}}
 *   - {name: apo-lr, optimizer: {id: apo-lr, base: {id: sgd, lr: 0.001, momentum: 0.9}}}
 * quick: {steps: 60, eval-every: 30, seeds: [0]}    # used with --quick
 * </pre>
 *
 * @param file where the spec was read from (relative paths in {@code base} resolve next to it)
 */
public record CompareSpec(Path file, String name, Map<String, Object> base, List<Long> seeds, List<Variant> variants) {
  /** One named configuration; {@code overrides} are merged over the base (maps merge key by key). */
  public record Variant(String name, Map<String, Object> overrides) {}

  /** Reads a YAML or JSON spec; {@code quick} applies its {@code quick} section. */
  @SuppressWarnings("unchecked")
  public static CompareSpec read(Path file, boolean quick) throws IOException {
    Map<String, Object> tree = new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
    String where = file + ": ";
    Map<String, Object> base = new LinkedHashMap<>(map(where, tree, "base"));
    Object name = tree.getOrDefault("name", file.getFileName().toString().replaceFirst("\\.[^.]+$", ""));
    List<Long> seeds = seeds(where, tree.getOrDefault("seeds", List.of(0)));
    if (quick && tree.get("quick") instanceof Map<?, ?> q) {
      Map<String, Object> quickSection = new LinkedHashMap<>((Map<String, Object>) q);
      if (quickSection.containsKey("seeds")) {
        seeds = seeds(where, quickSection.remove("seeds"));
      }
      base = Overrides.merge(base, quickSection);
    }
    if (!(tree.get("runs") instanceof List<?> runs) || runs.isEmpty()) {
      throw new ConfigException(where + "key 'runs' must be a non-empty list of {name: ..., <overrides>}");
    }
    List<Variant> variants = new ArrayList<>();
    for (Object r : runs) {
      if (!(r instanceof Map<?, ?> m) || !(m.get("name") instanceof String n) || n.isBlank()) {
        throw new ConfigException(where + "every entry of 'runs' needs a name; found " + r);
      }
      if (!n.matches("[A-Za-z0-9._-]+")) {
        throw new ConfigException(where + "run name '" + n + "' must use only letters, digits, '.', '_' and '-'");
      }
      if (variants.stream().anyMatch(v -> v.name().equals(n))) {
        throw new ConfigException(where + "run name '" + n + "' is used twice");
      }
      Map<String, Object> overrides = new LinkedHashMap<>((Map<String, Object>) m);
      overrides.remove("name");
      variants.add(new Variant(n, overrides));
    }
    return new CompareSpec(file, name.toString(), base, seeds, variants);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String where, Map<String, Object> tree, String key) {
    if (!(tree.get(key) instanceof Map<?, ?> m)) {
      throw new ConfigException(where + "key '" + key + "' must be a map (a run config); found " + tree.get(key));
    }
    return (Map<String, Object>) m;
  }

  private static List<Long> seeds(String where, Object raw) {
    if (!(raw instanceof List<?> list) || list.isEmpty()) {
      throw new ConfigException(where + "key 'seeds' must be a non-empty list of integers; found " + raw);
    }
    return list.stream().map(o -> {
      try {
        return Long.parseLong(o.toString());
      } catch (NumberFormatException e) {
        throw new ConfigException(where + "seed '" + o + "' is not an integer");
      }
    }).toList();
  }
}

package io.apo4j.host.runconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.apo4j.api.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run configuration as a tree of maps, read from YAML or JSON (JSON is YAML), with
 * {@code --set key.path=value} overrides applied before it is validated.
 */
public final class ConfigTree {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private ConfigTree() {}

  /** Reads {@code file}; fails naming the file and the parser's complaint. */
  public static Map<String, Object> read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": run config not found; expected a YAML or JSON file, found no "
          + file.toAbsolutePath());
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the run config; " + e.getMessage());
    }
  }

  /** Parses YAML or JSON text whose top level is a map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parse(String where, String text) {
    Object tree;
    try {
      tree = YAML.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where + ": not valid YAML or JSON; " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
    }
    if (!(tree instanceof Map)) {
      throw new ConfigException(where + ": the run config must be a map of keys; expected 'model: ...', found "
          + (tree == null ? "an empty file" : tree.getClass().getSimpleName()));
    }
    return deepCopy((Map<String, Object>) tree);
  }

  /**
   * Applies {@code key.path=value} overrides in order; the value is read as YAML, so numbers,
   * booleans and inline maps ({@code {id: adam, lr: 0.001}}) keep their types.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> override(Map<String, Object> tree, List<String> assignments) {
    Map<String, Object> result = deepCopy(tree);
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set " + assignment + ": expected KEY=VALUE (e.g. optimizer.lr=0.05)");
      }
      String[] path = assignment.substring(0, eq).trim().split("\\.");
      Object value = scalar(assignment.substring(eq + 1));
      Map<String, Object> node = result;
      for (int i = 0; i < path.length - 1; i++) {
        Object child = node.get(path[i]);
        if (child instanceof String s && !s.isBlank()) {
          child = new LinkedHashMap<>(Map.of("id", s));
        } else if (!(child instanceof Map)) {
          child = new LinkedHashMap<String, Object>();
        }
        node.put(path[i], child);
        node = (Map<String, Object>) child;
      }
      node.put(path[path.length - 1], value);
    }
    return result;
  }

  /** The tree as YAML text (for the resolved config of a run). */
  public static String toYaml(Map<String, Object> tree) {
    try {
      return YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of plain values always serialises", e);
    }
  }

  private static Object scalar(String text) {
    if (text.isEmpty()) {
      return "";
    }
    try {
      Object v = YAML.readValue(text, Object.class);
      return v instanceof Map<?, ?> m ? deepCopy(castMap(m)) : v == null ? "" : v;
    } catch (JsonProcessingException e) {
      return text;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> m) {
    return (Map<String, Object>) m;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> deepCopy(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(String.valueOf(k), v instanceof Map<?, ?> m ? deepCopy((Map<String, Object>) m) : v));
    return copy;
  }
}

package io.apo4j.host.runconfig;

import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.config.ConfigSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validates a run-config tree and fills in defaults. Unknown keys, wrong types, out-of-range
 * numbers and missing files fail here, before anything is loaded, each with a message naming the
 * key and what was expected. Checks that need the model or the plugins (optimizer ids, input
 * shapes, label ranges) happen when the run is set up.
 */
public final class RunConfigParser {
  static final ConfigSpec SPEC = ConfigSpec.builder("run config")
      .text("model", null, "the model file (ONNX)")
      .section("data", "train and test splits, or fashion-mnist-subset / fashion-mnist")
      .text("loss", "cross-entropy", "loss id: cross-entropy, mse or bce-with-logits")
      .section("optimizer", "optimizer id and its keys, e.g. {id: sgd, lr: 0.01, momentum: 0.9}")
      .integer("batch-size", 128L, "examples per step", 1, Integer.MAX_VALUE)
      .integer("steps", 0L, "number of updates (or give epochs)", 0, Long.MAX_VALUE)
      .integer("epochs", 0L, "number of epochs, when steps is not given", 0, 1_000_000)
      .text("batch-order", "", "a .npy (steps x batch) or CSV of row indices to replay")
      .integer("seed", 0L, "seeds shuffling, dropout and the second-batch stream", Long.MIN_VALUE, Long.MAX_VALUE)
      .integer("eval-every", 100L, "test-split evaluation interval in steps (0: only at the end)", 0, Long.MAX_VALUE)
      .integer("checkpoint-every", 100L, "checkpoint interval in steps (0: only at the end)", 0, Long.MAX_VALUE)
      .text("out", "", "run directory (default runs/<model>-<optimizer>)")
      .flag("export-onnx", true, "export the final model as ONNX and evaluate it with ONNX Runtime")
      .build();

  private RunConfigParser() {}

  /**
   * Validates {@code tree}; relative paths are looked up in the working directory first, then
   * next to the config file ({@code configDir}, may be null).
   */
  public static RunConfig parse(Map<String, Object> tree, Path configDir) {
    Config c = SPEC.bind(tree);
    PathResolver paths = new PathResolver(configDir);
    Path model = paths.existing("model", c.text("model"));
    if (!c.isGiven("data")) {
      throw new ConfigException("run config: key 'data' is required; expected {train: ..., test: ...}, "
          + "fashion-mnist-subset or fashion-mnist");
    }
    DataSection data = DataSection.parse(c.section("data"), paths);
    if (!c.isGiven("optimizer")) {
      throw new ConfigException("run config: key 'optimizer' is required; expected e.g. {id: sgd, lr: 0.01}");
    }
    Map<String, Object> optimizer = optimizerSpec(c.section("optimizer"));
    long steps = c.integer("steps");
    long epochs = c.integer("epochs");
    if (steps == 0 && epochs == 0) {
      throw new ConfigException("run config: neither 'steps' nor 'epochs' is given; expected a positive number of"
          + " updates (steps: 200) or of epochs (epochs: 2)");
    }
    if (steps > 0 && epochs > 0) {
      throw new ConfigException("run config: both 'steps' (" + steps + ") and 'epochs' (" + epochs
          + ") are given; expected one of them");
    }
    Path order = c.text("batch-order").isEmpty() ? null : paths.existing("batch-order", c.text("batch-order"));
    String out = c.text("out").isEmpty() ? "runs/" + stem(model) + "-" + optimizer.get("id") : c.text("out");
    Map<String, Object> resolved = new LinkedHashMap<>();
    resolved.put("model", model.toString());
    resolved.put("data", data.resolved());
    resolved.put("loss", c.text("loss"));
    resolved.put("optimizer", optimizer);
    resolved.put("batch-size", c.integer("batch-size"));
    resolved.put(steps > 0 ? "steps" : "epochs", steps > 0 ? steps : epochs);
    if (order != null) {
      resolved.put("batch-order", order.toString());
    }
    resolved.put("seed", c.integer("seed"));
    resolved.put("eval-every", c.integer("eval-every"));
    resolved.put("checkpoint-every", c.integer("checkpoint-every"));
    Path outDir = Path.of(out).toAbsolutePath().normalize();
    resolved.put("out", outDir.toString());
    resolved.put("export-onnx", c.flag("export-onnx"));
    return new RunConfig(model, data.train(), data.test(), c.text("loss"), optimizer, (int) c.integer("batch-size"),
        steps, epochs, order, c.integer("seed"), c.integer("eval-every"), c.integer("checkpoint-every"),
        outDir, c.flag("export-onnx"), resolved);
  }

  private static Map<String, Object> optimizerSpec(Map<String, Object> section) {
    Object id = section.get("id");
    if (id == null || id.toString().isBlank()) {
      throw new ConfigException("optimizer: key 'id' is required; expected e.g. {id: sgd, lr: 0.01}, found "
          + section);
    }
    return ConfigTree.deepCopy(section);
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

}

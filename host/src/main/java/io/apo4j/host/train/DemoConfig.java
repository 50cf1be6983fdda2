package io.apo4j.host.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The main job on the embedded defaults: LeNet-5 (the reference ONNX export, shipped in the host
 * jar) on the embedded Fashion-MNIST subset, with SGD and momentum, sized to take a minute or two
 * on two cores.
 */
public final class DemoConfig {
  /** Where the demo writes its run unless told otherwise. */
  public static final Path DEFAULT_OUT = Path.of("runs", "demo");
  static final String MODEL = "lenet5_fmnist.onnx";

  private DemoConfig() {}

  /** The demo's run config for run directory {@code out}; copies the embedded model into it. */
  public static Map<String, Object> tree(Path out) throws IOException {
    Path dir = out.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    Path model = dir.resolve("initial-" + MODEL);
    try (InputStream in = DemoConfig.class.getResourceAsStream(MODEL)) {
      if (in == null) {
        throw new IllegalStateException("host jar lacks its embedded model " + MODEL);
      }
      Files.copy(in, model, StandardCopyOption.REPLACE_EXISTING);
    }
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("model", model.toString());
    tree.put("data", "fashion-mnist-subset");
    tree.put("loss", "cross-entropy");
    tree.put("optimizer", new LinkedHashMap<>(Map.of("id", "sgd", "lr", 0.05, "momentum", 0.9)));
    tree.put("batch-size", 64);
    tree.put("epochs", 2);
    tree.put("seed", 1);
    tree.put("eval-every", 32);
    tree.put("checkpoint-every", 32);
    tree.put("out", dir.toString());
    return tree;
  }
}

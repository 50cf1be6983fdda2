package io.apo4j.host.train;

import io.apo4j.host.runconfig.ConfigTree;
import io.apo4j.host.runconfig.RunConfig;
import io.apo4j.host.runconfig.RunConfigParser;
import io.apo4j.host.testutil.DenseReluImporter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Run configs over the embedded Fashion-MNIST subset and a hand-written dense network. */
final class RunFixtures {
  static final Console QUIET = new Console(new PrintStream(PrintStream.nullOutputStream()),
      new PrintStream(PrintStream.nullOutputStream()), true);

  private RunFixtures() {}

  /** A 784-32-10 network trained with SGD + momentum, no ONNX export. */
  static Map<String, Object> denseTree(Path dir, long steps) throws IOException {
    Path model = DenseReluImporter.write(dir.resolve("net.dense"), 784, 32, 10, 3);
    return ConfigTree.parse("test", """
        model: %s
        data: fashion-mnist-subset
        optimizer: {id: sgd, lr: 0.05, momentum: 0.9}
        batch-size: 64
        steps: %d
        eval-every: 20
        checkpoint-every: 10
        export-onnx: false
        out: %s
        """.formatted(model, steps, dir.resolve("run")));
  }

  static RunConfig config(Map<String, Object> tree, String... overrides) {
    return RunConfigParser.parse(ConfigTree.override(tree, List.of(overrides)), null);
  }

  /** metrics.jsonl without the wall-clock field, one map per line. */
  static List<String> metricsWithoutTime(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(line.replaceAll(",\"step-time-ms\":[0-9.eE+-]+", ""));
    }
    return out;
  }
}

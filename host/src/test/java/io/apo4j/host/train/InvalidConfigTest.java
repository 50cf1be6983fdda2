package io.apo4j.host.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.testutil.DenseReluImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each invalid run config fails before step 0 with one message that names the key and the valid
 * choices. {@code DIR} in an expected message stands for the test's directory.
 */
class InvalidConfigTest {
  private static final PluginRegistry REGISTRY = DenseReluImporter.registry();

  @TempDir
  static Path tmp;

  static Stream<Arguments> invalidConfigs() {
    return Stream.of(
        Arguments.of("unknown optimizer", new String[] {"optimizer.id=sgdd"},
            "unknown optimizer 'sgdd'; available: [adam, adamw, rmsprop, sgd]"),
        Arguments.of("negative learning rate", new String[] {"optimizer.lr=-0.1"},
            "optimizer 'sgd': key 'lr' is out of range; expected a number in [0, inf], found -0.1"),
        Arguments.of("unknown optimizer key", new String[] {"optimizer.learning-rate=0.1"},
            "optimizer 'sgd': unknown key 'learning-rate'; expected one of [lr, momentum, dampening, nesterov, "
                + "weight-decay, schedule]"),
        Arguments.of("missing model file", new String[] {"model=DIR/missing.onnx"},
            "model: file not found; expected an existing file, found no DIR/missing.onnx"),
        Arguments.of("missing data file", new String[] {"data={train: {format: idx, images: DIR/x.gz, labels: DIR/y.gz}}"},
            "data.train.images: file not found; expected an existing file, found no DIR/x.gz"),
        Arguments.of("wrong input shape", new String[] {"model=DIR/net64.dense"},
            "data.train: examples of shape [1, 28, 28] (784 values) do not fit model input 'input'; expected "
                + "per-example shape [64] (batch axis first: [-1, 64])"),
        Arguments.of("label out of range", new String[] {"model=DIR/net5.dense"},
            "data.train: label 9 at row 0 is out of range; expected class indices in [0, 4] (model output 'logits' "
                + "has 5 classes)"),
        Arguments.of("unknown loss", new String[] {"loss=hinge"},
            "unknown loss 'hinge'; available: [bce-with-logits, cross-entropy, mse]"),
        Arguments.of("loss needs float targets", new String[] {"loss=mse"},
            "data.train: loss 'mse' needs float targets; expected target-type: float, found class indices"),
        Arguments.of("unknown top-level key", new String[] {"stepz=3"},
            "run config: unknown key 'stepz'; expected one of [model, data, loss, optimizer, batch-size, steps, epochs, "
                + "batch-order, seed, eval-every, checkpoint-every, out, export-onnx]"),
        Arguments.of("no length", new String[] {"steps=0"},
            "run config: neither 'steps' nor 'epochs' is given; expected a positive number of updates (steps: 200) or "
                + "of epochs (epochs: 2)"),
        Arguments.of("negative batch size", new String[] {"batch-size=-5"},
            "run config: key 'batch-size' is out of range; expected a number in [1, 2147483647], found -5.0"),
        Arguments.of("batch larger than the data", new String[] {"batch-size=5000"},
            "batch-size: 5000 does not fit the training data; expected 1 to 2048 (the number of training examples), "
                + "found 5000"),
        Arguments.of("unknown data set", new String[] {"data=mnist"},
            "data: unknown data set 'mnist'; expected one of [fashion-mnist, fashion-mnist-subset] or {train: ..., "
                + "test: ...}"),
        Arguments.of("unknown data format", new String[] {"data={train: {format: parquet}}"},
            "data.train: key 'format': 'parquet' is not a valid choice; expected one of [idx, csv, embedded]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidConfigs")
  void failsWithOneMessageNamingTheKey(String name, String[] overrides, String expected) throws Exception {
    Path dir = tmp.toRealPath();
    DenseReluImporter.write(dir.resolve("net64.dense"), 64, 8, 10, 1);
    DenseReluImporter.write(dir.resolve("net5.dense"), 784, 8, 5, 1);
    Map<String, Object> tree = RunFixtures.denseTree(Files.createTempDirectory(dir, "case"), 10);
    String[] resolved = Stream.of(overrides).map(o -> o.replace("DIR", dir.toString())).toArray(String[]::new);
    Apo4jException e = assertThrows(Apo4jException.class,
        () -> TrainingSession.start(RunFixtures.config(tree, resolved), REGISTRY, RunFixtures.QUIET));
    assertEquals(expected.replace("DIR", dir.toString()), e.getMessage());
  }
}

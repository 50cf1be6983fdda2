package io.apo4j.host.testutil;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.Apo4jException;
import io.apo4j.api.Provider;
import io.apo4j.api.config.Config;
import io.apo4j.api.config.ConfigSpec;
import io.apo4j.api.model.ModelImporter;
import io.apo4j.api.model.ModelImporterProvider;
import io.apo4j.host.registry.LoadedProvider;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.testkit.model.TinyNet.Activation;
import io.apo4j.testkit.model.TinyNet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Imports {@code .dense} files ({@code INPUTS HIDDEN OUTPUTS SEED} on one line) as the float32
 * perceptron y = W2 relu(W1 x + b1) + b2 (testkit's {@link TinyNet}), for host tests of the training
 * loop that must not wait for a model importer; {@link #registry()} adds it to the providers found
 * on the test path (the real sgd plugin and the built-in losses). The network has no file format,
 * so runs using it set {@code export-onnx: false}.
 */
public final class DenseReluImporter implements ModelImporterProvider {
  @Override
  public String id() {
    return "dense-relu";
  }

  @Override
  public ApiVersion apiVersion() {
    return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);
  }

  @Override
  public ConfigSpec configSpec() {
    return ConfigSpec.builder("model importer 'dense-relu'").build();
  }

  @Override
  public List<String> fileExtensions() {
    return List.of("dense");
  }

  @Override
  public ModelImporter create(Config config) {
    return file -> {
      try {
        String[] f = Files.readString(file).trim().split("\\s+");
        return net(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]));
      } catch (IOException | RuntimeException e) {
        throw new Apo4jException(file + ": not a .dense description; expected 'INPUTS HIDDEN OUTPUTS SEED'", e);
      }
    };
  }

  /** Weights with the spread of torch's default init (std 1/sqrt(3 fan-in)), zero biases. */
  private static TinyNet net(int inputs, int hidden, int outputs, long seed) {
    return TinyNet.builder("dense-relu", DataType.FLOAT, seed).input(inputs)
        .scales(Math.sqrt(1.0 / (3 * inputs)), 0).dense("fc1", hidden, Activation.RELU)
        .scales(Math.sqrt(1.0 / (3 * hidden)), 0).dense("fc2", outputs, Activation.NONE).build();
  }

  /** Writes a model description file. */
  public static Path write(Path file, int inputs, int hidden, int outputs, long seed) throws IOException {
    Files.writeString(file, inputs + " " + hidden + " " + outputs + " " + seed + "\n");
    return file;
  }

  /** The providers on the test path plus this importer. */
  public static PluginRegistry registry() {
    List<Provider> all = new ArrayList<>();
    for (LoadedProvider p : PluginRegistry.discover(List.of()).providers()) {
      all.add(p.provider());
    }
    all.add(new DenseReluImporter());
    return PluginRegistry.of(all.toArray(Provider[]::new));
  }
}

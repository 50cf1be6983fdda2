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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Imports {@code .dense} files ({@code INPUTS HIDDEN OUTPUTS SEED} on one line) as a
 * {@link DenseReluNet}; {@link #registry()} adds it to the providers found on the test path (the
 * real sgd plugin and the built-in losses).
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
        return new DenseReluNet(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
            Long.parseLong(f[3]));
      } catch (IOException | RuntimeException e) {
        throw new Apo4jException(file + ": not a .dense description; expected 'INPUTS HIDDEN OUTPUTS SEED'", e);
      }
    };
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

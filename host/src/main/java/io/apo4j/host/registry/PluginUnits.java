package io.apo4j.host.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Splits a plugins directory into units: each jar directly inside is one unit, each sub-folder
 * (a plugin with its own dependencies) is another. Each unit gets its own module layer.
 */
final class PluginUnits {
  private PluginUnits() {}

  /** Units of {@code dir} in name order; an absent directory has none. */
  static List<Path> of(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> units = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      entries.sorted().forEach(p -> {
        if (Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")) {
          units.add(p);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("plugins directory " + dir + ": cannot list: " + e.getMessage(), e);
    }
    return units;
  }

  /** The jars of a unit: the jar itself, or every jar in the folder. */
  static Path[] jars(Path unit) throws IOException {
    if (!Files.isDirectory(unit)) {
      return new Path[] {unit};
    }
    try (Stream<Path> entries = Files.list(unit)) {
      return entries.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toArray(Path[]::new);
    }
  }
}

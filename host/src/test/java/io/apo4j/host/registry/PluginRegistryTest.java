package io.apo4j.host.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.apo4j.api.Apo4jException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginRegistryTest {
  @Test
  void unknownIdsFailListingTheAvailableOnes() {
    PluginRegistry r = PluginRegistry.of();
    Apo4jException e = assertThrows(Apo4jException.class, () -> r.optimizerProvider("adamw"));
    assertEquals("unknown optimizer 'adamw'; available: []", e.getMessage());
  }

  @Test
  void missingPluginsDirectoryIsNotAnError() {
    PluginRegistry r = PluginRegistry.discover(List.of(Path.of("does-not-exist")));
    assertEquals(List.of(), r.problems());
  }

  @Test
  void modelFilesWithoutAnImporterNameTheKnownExtensions() {
    Apo4jException e = assertThrows(Apo4jException.class, () -> PluginRegistry.of().importerFor(Path.of("m.onnx")));
    assertEquals("m.onnx: no model importer reads this file; known extensions: []. "
        + "Is the onnx-import plugin in the plugins directory?", e.getMessage());
  }
}

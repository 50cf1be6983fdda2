package io.apo4j.sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.optim.OptimizerProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plugin is found on the module path (module-info) and on the class path (META-INF/services). */
class PluginPackagingTest {
  private static final List<String> PROVIDERS = List.of("io.apo4j.sgd.SgdProvider", "io.apo4j.sgd.AdamProvider",
      "io.apo4j.sgd.AdamWProvider", "io.apo4j.sgd.RmsPropProvider");

  @Test
  void moduleExportsNothingAndProvidesTheFourOptimizers() {
    ModuleDescriptor descriptor = SgdProvider.class.getModule().getDescriptor();
    assertEquals("io.apo4j.sgd", descriptor.name());
    assertTrue(descriptor.exports().isEmpty(), "exports " + descriptor.exports());
    ModuleDescriptor.Provides provides = descriptor.provides().stream()
        .filter(p -> p.service().equals(OptimizerProvider.class.getName())).findFirst().orElseThrow();
    assertEquals(PROVIDERS, provides.providers());
  }

  @Test
  void serviceFileListsTheSameProviders() throws IOException {
    try (InputStream in = SgdProvider.class.getModule()
        .getResourceAsStream("META-INF/services/" + OptimizerProvider.class.getName())) {
      List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
          .filter(l -> !l.isEmpty()).toList();
      assertEquals(PROVIDERS, lines);
    }
  }

  @Test
  void idsAreDistinctAndKebabCase() {
    Set<String> ids = List.of(new SgdProvider(), new AdamProvider(), new AdamWProvider(), new RmsPropProvider())
        .stream().map(OptimizerProvider::id).collect(Collectors.toSet());
    assertEquals(Set.of("sgd", "adam", "adamw", "rmsprop"), ids);
  }

  @Test
  void defaultsArePyTorchs() {
    assertEquals(0.001, new AdamProvider().configSpec().bind(java.util.Map.of()).decimal("lr"));
    assertEquals(0.01, new AdamWProvider().configSpec().bind(java.util.Map.of()).decimal("weight-decay"));
    assertEquals(0.0, new AdamProvider().configSpec().bind(java.util.Map.of()).decimal("weight-decay"));
    assertEquals(0.99, new RmsPropProvider().configSpec().bind(java.util.Map.of()).decimal("alpha"));
    assertEquals(0.01, new RmsPropProvider().configSpec().bind(java.util.Map.of()).decimal("lr"));
    assertEquals(1e-8, new AdamProvider().configSpec().bind(java.util.Map.of()).decimal("eps"));
  }
}

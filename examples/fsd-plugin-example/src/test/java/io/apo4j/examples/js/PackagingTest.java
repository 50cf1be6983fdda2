package io.apo4j.examples.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.discrepancy.DiscrepancyProvider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the host relies on to find the plugin: the module descriptor provides the service and exports
 * nothing, and the services file (for class-path use) names the same provider. That the host really
 * finds it is checked end to end by examples/run-examples.sh ('apo plugins').
 */
class PackagingTest {
  private static final String SERVICE = DiscrepancyProvider.class.getName();

  @Test
  public void moduleProvidesTheDiscrepancyAndExportsNothing() {
    ModuleDescriptor d = JensenShannonProvider.class.getModule().getDescriptor();
    assertNotNull(d, "tests must run on the module path (module-info.java and Surefire's module support)");
    assertTrue(d.exports().isEmpty(), "exports " + d.exports());
    assertEquals(1, d.provides().size(), "provides " + d.provides());
    ModuleDescriptor.Provides provides = d.provides().iterator().next();
    assertEquals(SERVICE, provides.service());
    assertEquals(List.of(JensenShannonProvider.class.getName()), provides.providers());
  }

  @Test
  public void servicesFileNamesTheSameProvider() throws IOException {
    try (InputStream in = JensenShannonProvider.class.getModule().getResourceAsStream("META-INF/services/" + SERVICE)) {
      assertNotNull(in, "META-INF/services/" + SERVICE + " is missing");
      assertEquals(JensenShannonProvider.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).trim());
    }
  }
}

package io.apo4j.apo.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.apo.fixtures.TestServices;
import io.apo4j.apo.lr.ApoLrProvider;
import io.apo4j.api.config.ConfigException;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.api.optim.OptimizerProvider;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The plugin as the host sees it: module descriptor, services files, ids and composition errors. */
class PluginPackagingTest {
  @Test
  void moduleExportsNothingAndProvidesTheSameClassesAsItsServicesFiles() throws Exception {
    Module module = ApoLrProvider.class.getModule();
    ModuleDescriptor d = module.getDescriptor();
    assertEquals("io.apo4j.apo", d.name());
    assertTrue(d.exports().isEmpty(), "exports " + d.exports());
    for (Class<?> service : new Class<?>[] {OptimizerProvider.class, DiscrepancyProvider.class}) {
      Set<String> declared = d.provides().stream().filter(p -> p.service().equals(service.getName()))
          .flatMap(p -> p.providers().stream()).collect(Collectors.toCollection(TreeSet::new));
      Set<String> listed = new TreeSet<>();
      try (var in = module.getResourceAsStream("META-INF/services/" + service.getName());
           var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        reader.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(listed::add);
      }
      assertEquals(declared, listed, service.getSimpleName());
    }
  }

  @Test
  void serviceLoaderFindsBothOptimizersAndTheRealSgdFamilyAsBases() {
    TestServices s = TestServices.installed();
    assertTrue(s.optimizerIds().containsAll(Set.of("apo-lr", "apo-p", "sgd", "adam", "rmsprop")), s.optimizerIds().toString());
    // Surefire puts test-scope plugins on the class path, so the module is unnamed; the package tells
    assertEquals("io.apo4j.sgd", s.create(Map.of("id", "sgd", "lr", 0.1)).getClass().getPackageName());
  }

  @Test
  void rejectsABaseThatCannotExposeADirectionListingTheOnesThatCan() {
    TestServices s = TestServices.installed();
    ConfigException e = assertThrows(ConfigException.class,
        () -> s.create(Map.of("id", "apo-lr", "base", Map.of("id", "non-directional"))));
    assertEquals("optimizer 'apo-lr': base optimizer 'non-directional' cannot expose a direction; expected one of "
        + "[adam, adamw, kfac, rmsprop, sgd]", e.getMessage());
  }

  @Test
  void unknownDiscrepancyIsReportedByTheRegistry() {
    var e = assertThrows(RuntimeException.class,
        () -> TestServices.standard().create(Map.of("id", "apo-p", "fsd", "wasserstein")));
    assertTrue(e.getMessage().contains("wasserstein") && e.getMessage().contains("squared-error"), e.getMessage());
  }
}

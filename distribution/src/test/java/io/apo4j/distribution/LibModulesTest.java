package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The assembled lib/ is a module path the JVM can boot: ND4J only as the repacked module (the raw
 * ND4J jars carry broken module descriptors and once landed here from a clean Maven repository),
 * every jar a readable module with a unique name, and the launcher's stamp listing exactly lib/.
 */
class LibModulesTest {
  private static final Path LIB = Dist.home().resolve("lib");

  private static Set<String> jars() throws Exception {
    try (Stream<Path> s = Files.list(LIB)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void nd4jIsOnlyTheRepackedModule() throws Exception {
    List<String> nd4j = jars().stream().filter(n -> n.contains("nd4j")).toList();
    assertEquals(1, nd4j.size(), "ND4J jars in lib/: " + nd4j);
    assertTrue(nd4j.get(0).startsWith("apo4j-nd4j-"), nd4j.get(0));
    assertTrue(jars().stream().noneMatch(n -> n.startsWith("junit")), "a test library in lib/: " + jars());
  }

  @Test
  void everyJarIsAModuleTheBootLayerCanResolve() {
    // ModuleFinder.findAll reads every descriptor: an invalid one (nd4j-api's) or two jars with one
    // module name throw here exactly as the JVM would at boot
    Set<String> names = ModuleFinder.of(LIB).findAll().stream().map(ModuleReference::descriptor)
        .map(d -> d.name()).collect(Collectors.toSet());
    assertTrue(names.containsAll(Set.of("apo4j.nd4j", "io.apo4j.api", "io.apo4j.host", "io.apo4j.platform")), names.toString());
    java.lang.module.Configuration.resolve(ModuleFinder.of(LIB), List.of(ModuleLayer.boot().configuration()),
        ModuleFinder.of(), Set.of("io.apo4j.host"));
  }

  @Test
  void theStampListsExactlyLib() throws Exception {
    Set<String> listed = Files.readAllLines(Dist.home().resolve(".built")).stream().filter(l -> !l.isBlank())
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(jars(), listed);
  }
}

package io.apo4j.host.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.apo4j.api.ApiVersion;
import io.apo4j.api.discrepancy.DiscrepancyProvider;
import io.apo4j.host.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real plugin jars, good and broken, in a temporary plugins directory. */
class PluginDiscoveryTest {
  @TempDir
  static Path work;
  static Path plugins;

  @BeforeAll
  static void buildJars() {
    plugins = work.resolve("plugins");
    PluginJarBuilder b = new PluginJarBuilder(work);
    b.build("test.good", discrepancyPlugin("test.good", "good", "good-fsd", "", "1, 0"), plugins.resolve("good.jar"));
    b.build("test.throwing", discrepancyPlugin("test.throwing", "throwing", "throwing-fsd",
        "throw new IllegalStateException(\"boom in constructor\");", "1, 0"), plugins.resolve("throwing.jar"));
    b.build("test.newer", discrepancyPlugin("test.newer", "newer", "newer-fsd", "", "ApiVersion.MAJOR + 1, 0"),
        plugins.resolve("newer.jar"));
    b.build("test.newerminor", discrepancyPlugin("test.newerminor", "newerminor", "newer-minor-fsd", "",
        "ApiVersion.MAJOR, ApiVersion.MINOR + 1"), plugins.resolve("newer-minor.jar"));
    b.build("test.dup", discrepancyPlugin("test.dup", "dup", "good-fsd", "", "1, 0"), plugins.resolve("zz-duplicate.jar"));
    Path absent = b.build("test.absent", Map.of("module-info.java", "module test.absent { exports absent; }",
        "absent/Absent.java", "package absent; public class Absent {}"), work.resolve("elsewhere/absent.jar"));
    Map<String, String> needsAbsent = new java.util.HashMap<>(discrepancyPlugin("test.missing", "missing", "missing-fsd", "", "1, 0"));
    needsAbsent.put("module-info.java", needsAbsent.get("module-info.java").replace("requires io.apo4j.api;",
        "requires io.apo4j.api; requires test.absent;"));
    b.build("test.missing", needsAbsent, plugins.resolve("missing-dependency.jar"), absent);
  }

  static Map<String, String> discrepancyPlugin(String module, String pkg, String id, String ctorBody, String version) {
    String cls = pkg + ".Provider";
    return Map.of(
        "module-info.java", "module " + module + " { requires io.apo4j.api; provides "
            + DiscrepancyProvider.class.getName() + " with " + cls + "; }",
        pkg + "/Provider.java", """
            package %s;
            import io.apo4j.api.ApiVersion;
            import io.apo4j.api.config.*;
            import io.apo4j.api.discrepancy.*;
            public final class Provider implements DiscrepancyProvider {
              public Provider() { %s }
              public String id() { return "%s"; }
              public ApiVersion apiVersion() { return new ApiVersion(%s); }
              public ConfigSpec configSpec() { return ConfigSpec.builder("discrepancy '%s'").build(); }
              public Discrepancy create(Config c) {
                return (n, o) -> { var d = n.sub(o); return new DiscrepancyValue(0.5 * d.mul(d).sumNumber().doubleValue() / n.size(0), d.div(n.size(0))); };
              }
            }
            """.formatted(pkg, ctorBody, id, version, id));
  }

  @Test
  void loadsTheGoodPluginAndNamesEveryBrokenJarWithItsReason() {
    PluginRegistry r = PluginRegistry.discover(List.of(plugins));
    LoadedProvider good = r.find(ProviderKind.DISCREPANCY, "good-fsd");
    assertEquals("test.good", good.module());
    assertEquals(plugins.resolve("good.jar"), good.jar());
    String problems = r.problems().toString();
    assertTrue(problems.contains("throwing.jar: discrepancy provider throwing.Provider failed to start: "
        + "java.lang.IllegalStateException: boom in constructor"), problems);
    assertTrue(problems.contains("newer.jar: discrepancy provider 'newer-fsd' (newer.Provider) requires API 2.0"), problems);
    assertTrue(problems.contains("newer-minor.jar: discrepancy provider 'newer-minor-fsd' (newerminor.Provider) requires API "
        + ApiVersion.MAJOR + "." + (ApiVersion.MINOR + 1) + "; this host provides API " + ApiVersion.CURRENT), problems);
    assertTrue(problems.contains("missing-dependency.jar: cannot be loaded as a module layer: ")
        && problems.contains("test.absent"), problems);
    assertTrue(problems.contains("duplicate discrepancy id 'good-fsd': provided by both " + plugins.resolve("good.jar")
        + " (kept) and " + plugins.resolve("zz-duplicate.jar") + " (rejected)"), problems);
    assertEquals(5, r.problems().size(), problems);
  }

  @Test
  void pluginBuiltAgainstAnOlderMinorApiStillLoads() {
    LoadedProvider good = PluginRegistry.discover(List.of(plugins)).find(ProviderKind.DISCREPANCY, "good-fsd");
    assertEquals(new ApiVersion(1, 0), good.provider().apiVersion());
    assertTrue(ApiVersion.CURRENT.compareTo(new ApiVersion(1, 0)) > 0, "the host's API must be newer for this test");
  }

  @Test
  void pluginsCommandListsGoodPluginsReportsProblemsOnStderrAndExitsZero() {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true));
      System.setErr(new PrintStream(e, true));
      assertEquals(0, Main.run("plugins", "--json", "--plugins-dir", plugins.toString()));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertTrue(o.toString().contains("\"id\" : \"good-fsd\""), o.toString());
    assertTrue(o.toString().contains("\"module\" : \"test.good\""), o.toString());
    assertTrue(e.toString().contains("throwing.jar"), e.toString());
  }
}

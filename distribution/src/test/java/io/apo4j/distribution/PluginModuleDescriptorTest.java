package io.apo4j.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares {@code jar --describe-module} of every shipped plugin jar with a checked-in expectation
 * (as JUnit 5 does for its engines): plugins provide services and export nothing.
 */
class PluginModuleDescriptorTest {
  static List<Path> pluginJars() throws java.io.IOException {
    return Dist.pluginJars();
  }

  @ParameterizedTest
  @MethodSource("pluginJars")
  void describeModuleMatchesTheCheckedInExpectation(Path jar) throws Exception {
    String described = describe(jar);
    String module = described.lines().findFirst().orElseThrow().split("[@ ]")[0];
    Path expected = Path.of("src/test/resources/module-descriptors", module + ".txt");
    assertTrue(Files.exists(expected), "no expectation " + expected.toAbsolutePath() + " for " + jar + "; found:\n" + described);
    assertEquals(Files.readString(expected).strip(), normalise(described), jar.toString());
    assertFalse(described.lines().anyMatch(l -> l.startsWith("exports")), "plugin exports packages: " + jar);
    assertTrue(described.lines().anyMatch(l -> l.startsWith("provides io.apo4j.api.")), "plugin provides nothing: " + jar);
  }

  static String describe(Path jar) {
    StringWriter out = new StringWriter();
    int rc = ToolProvider.findFirst("jar").orElseThrow()
        .run(new PrintWriter(out), new PrintWriter(out), "--describe-module", "--file", jar.toString());
    assertEquals(0, rc, out.toString());
    return out.toString();
  }

  /**
   * Drops the first line's version and location and the {@code contains} lines (internal packages
   * may come and go), and sorts the rest: what remains is the module's contract.
   */
  static String normalise(String described) {
    List<String> lines = described.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("contains "))
        .toList();
    String name = lines.get(0).split("[@ ]")[0];
    return name + "\n" + lines.stream().skip(1).sorted().map(l -> Arrays.stream(l.split(" ")).collect(Collectors.joining(" ")))
        .collect(Collectors.joining("\n"));
  }
}

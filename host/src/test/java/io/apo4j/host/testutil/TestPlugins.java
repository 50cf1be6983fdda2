package io.apo4j.host.testutil;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The plugins directory the build prepares for host tests ({@code target/test-plugins}, holding
 * the onnx-import plugin); tests pass it as {@code --plugins-dir}, so the importer is loaded into
 * its own module layer exactly as in the distribution.
 */
public final class TestPlugins {
  private TestPlugins() {}

  public static Path dir() {
    String dir = System.getProperty("apo.test.plugins");
    assumeTrue(dir != null && Files.isDirectory(Path.of(dir, "onnx-import")),
        "test plugins not prepared: run the tests through Maven (process-test-classes copies onnx-import)");
    return Path.of(dir);
  }
}

package io.apo4j.distribution;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Paths of the assembled distribution and the reactor, for tests of the product as shipped. */
final class Dist {
  private Dist() {}

  static Path home() {
    return Path.of(System.getProperty("apo.dist", "target/apo4j")).toAbsolutePath();
  }

  /** The reactor's root directory (this module's parent). */
  static Path repoRoot() {
    return home().getParent().getParent().getParent();
  }

  /** Every plugin jar in the distribution, including those inside plugin folders. */
  static List<Path> pluginJars() throws java.io.IOException {
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> s = Files.walk(home().resolve("plugins"))) {
      s.filter(p -> p.toString().endsWith(".jar") && p.getFileName().toString().startsWith("apo4j-"))
          .sorted().forEach(jars::add);
    }
    return jars;
  }

  /** Runs the distribution's CLI in a fresh JVM as the launcher does; returns exit code and output. */
  static ProcessResult runCli(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dapo.home=" + home(), "--module-path", home().resolve("lib").toString(),
        "--add-modules", "ALL-MODULE-PATH", "-m", "io.apo4j.host/io.apo4j.host.cli.Main"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    pb.environment().remove("APO_PLUGINS");
    Path out = Files.createTempFile("apo-out", ".txt");
    Path err = Files.createTempFile("apo-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    int rc = pb.start().waitFor();
    return new ProcessResult(rc, Files.readString(out), Files.readString(err));
  }

  record ProcessResult(int exitCode, String stdout, String stderr) {}
}

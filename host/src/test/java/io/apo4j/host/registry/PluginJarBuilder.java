package io.apo4j.host.registry;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.module.ResolvedModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

/**
 * Builds real plugin jars for tests: compiles module sources with javac against the modules this
 * test runs with, then packs them with the jar tool.
 */
final class PluginJarBuilder {
  private final Path work;

  PluginJarBuilder(Path work) {
    this.work = work;
  }

  /** Compiles {@code sources} (path inside the module -> text) and writes {@code jarFile}. */
  Path build(String module, Map<String, String> sources, Path jarFile, Path... extraModulePath) {
    try {
      Path src = work.resolve("src-" + module);
      Path classes = work.resolve("classes-" + module);
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path f = src.resolve(e.getKey());
        Files.createDirectories(f.getParent());
        Files.writeString(f, e.getValue());
        files.add(f.toString());
      }
      List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--module-path", modulePath(extraModulePath)));
      args.addAll(files);
      run("javac", args.toArray(String[]::new));
      Files.createDirectories(jarFile.getParent());
      run("jar", "--create", "--file", jarFile.toString(), "-C", classes.toString(), ".");
      return jarFile;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Output of a JDK tool (jar, javap) run in-process. */
  static String run(String tool, String... args) {
    ToolProvider t = ToolProvider.findFirst(tool).orElseThrow();
    StringWriter out = new StringWriter();
    int rc = t.run(new PrintWriter(out), new PrintWriter(out), args);
    if (rc != 0) {
      throw new IllegalStateException(tool + " failed: " + out);
    }
    return out.toString();
  }

  private static String modulePath(Path... extra) {
    List<String> entries = ModuleLayer.boot().configuration().modules().stream()
        .map(ResolvedModule::reference)
        .map(r -> r.location().filter(u -> u.getScheme().equals("file")).map(Path::of).orElse(null))
        .filter(p -> p != null)
        .map(Path::toString)
        .collect(Collectors.toCollection(ArrayList::new));
    for (Path p : extra) {
      entries.add(p.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }
}

package io.apo4j.host.cli;

import io.apo4j.host.registry.PluginRegistry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Where plugins come from: {@code --plugins-dir} if given, else {@code $APO_PLUGINS} (a path
 * list), else {@code plugins/} of the distribution ({@code -Dapo.home}, set by the launcher).
 * Mixed into every command that needs plugins.
 */
public final class PluginOptions {
  @Option(names = "--plugins-dir", paramLabel = "DIR",
      description = "plugins directory (repeatable); default: $APO_PLUGINS or <distribution>/plugins")
  List<Path> pluginDirs = new ArrayList<>();

  private PluginRegistry registry;

  /** The directories that will be searched, in order. */
  public List<Path> directories() {
    if (!pluginDirs.isEmpty()) {
      return pluginDirs;
    }
    String env = System.getenv("APO_PLUGINS");
    if (env != null && !env.isBlank()) {
      List<Path> dirs = new ArrayList<>();
      for (String s : env.split(File.pathSeparator)) {
        if (!s.isBlank()) {
          dirs.add(Path.of(s));
        }
      }
      return dirs;
    }
    return List.of(Path.of(System.getProperty("apo.home", ".")).resolve("plugins"));
  }

  /** The registry, discovered once per command and printing no problems itself. */
  public PluginRegistry registry() {
    if (registry == null) {
      registry = PluginRegistry.discover(directories());
    }
    return registry;
  }

  /** Discovers plugins and reports each problem on stderr, naming the jar. */
  public PluginRegistry registryReportingProblems(java.io.PrintWriter err) {
    PluginRegistry r = registry();
    r.problems().forEach(p -> err.println("apo: plugin problem: " + p));
    err.flush();
    return r;
  }
}

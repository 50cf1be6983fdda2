package io.apo4j.host.compare;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs {@code apo train} for one {@link RunPlan} in a child JVM with this JVM's own options, so runs
 * are isolated (memory, native threads) and may run in parallel. Output goes to the run's
 * {@code train.log}; peak memory is sampled from {@code /proc/PID/status}.
 */
final class TrainProcess {
  private final List<Path> pluginDirs;

  TrainProcess(List<Path> pluginDirs) {
    this.pluginDirs = pluginDirs;
  }

  RunStatus run(RunPlan plan) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(jvmOptions());
    cmd.addAll(List.of("-m", "io.apo4j.host/io.apo4j.host.cli.Main", "train", plan.configFile().toString(), "--quiet"));
    for (Path d : pluginDirs) {
      cmd.add("--plugins-dir");
      cmd.add(d.toString());
    }
    Path log = plan.dir().resolve("train.log");
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    double peak = 0;
    while (!p.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      peak = Math.max(peak, peakRssMiB(p.pid()));
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return new RunStatus(p.exitValue(), wall, peak);
  }

  /** This JVM's options (module path, memory, system properties), minus debugger agents. */
  private static List<String> jvmOptions() {
    List<String> opts = new ArrayList<>();
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      // the launcher reports --module-path, --add-modules and -m as -Djdk.module.* properties;
      // they are set again below in their real form
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent") && !a.startsWith("-Djdk.module.")) {
        opts.add(a);
      }
    }
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null) {
      opts.add("--module-path=" + modulePath);
    }
    opts.add("--add-modules=ALL-MODULE-PATH");
    return opts;
  }

  /** VmHWM of a live process in MiB; 0 where /proc is not available. */
  static double peakRssMiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // the process may have ended between the check and the read
    }
    return 0;
  }
}

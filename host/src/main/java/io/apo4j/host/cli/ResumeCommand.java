package io.apo4j.host.cli;

import io.apo4j.host.train.Console;
import io.apo4j.host.train.TrainingSession;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apo resume RUNDIR}: continue a run from its last checkpoint, exactly as if never stopped. */
@Command(name = "resume", mixinStandardHelpOptions = true,
    description = "Continue a run from its last checkpoint with its recorded config; the metrics equal those of"
        + " an uninterrupted run.")
final class ResumeCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Parameters(paramLabel = "RUNDIR", description = "a run directory written by 'apo train'")
  Path runDir;

  @Option(names = {"-q", "--quiet"}, description = "no progress bar; print only the summary")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    var registry = plugins.registryReportingProblems(new java.io.PrintWriter(System.err, true));
    TrainingSession.resume(runDir, registry, Console.system(quiet));
    return 0;
  }
}

package io.apo4j.host.cli;

import io.apo4j.platform.NativeBuild;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code apo} command line. */
@Command(name = "apo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Train ONNX models on the JVM with pluggable optimizers, above all APO.",
    subcommands = {TrainCommand.class, ResumeCommand.class, DemoCommand.class, PluginsCommand.class,
        CompareCommand.class, InspectCommand.class, ConformanceCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Runs the CLI and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    // before anything loads ND4J: the native build must match this CPU (a wrong one dies with SIGILL)
    NativeBuild.select();
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(new ErrorHandler());
    return cli.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }
}

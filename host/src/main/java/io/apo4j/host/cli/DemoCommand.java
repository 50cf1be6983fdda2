package io.apo4j.host.cli;

import io.apo4j.host.runconfig.ConfigTree;
import io.apo4j.host.runconfig.RunConfig;
import io.apo4j.host.runconfig.RunConfigParser;
import io.apo4j.host.train.Console;
import io.apo4j.host.train.DemoConfig;
import io.apo4j.host.train.TrainingSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code apo demo}: the main job on embedded defaults, needing no file and no download. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Train the embedded LeNet-5 on the embedded Fashion-MNIST subset (a minute or two),",
        "then print test accuracy, timing and where the plots are. Same as 'apo train' without CONFIG."})
final class DemoCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Option(names = "--out", paramLabel = "DIR", description = "run directory (default: ${DEFAULT-VALUE})")
  Path out = DemoConfig.DEFAULT_OUT;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a key of the demo config; repeatable")
  List<String> overrides = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "no progress bar; print only the summary")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    RunConfig cfg = RunConfigParser.parse(ConfigTree.override(DemoConfig.tree(out), overrides), null);
    var registry = plugins.registryReportingProblems(new java.io.PrintWriter(System.err, true));
    TrainingSession.start(cfg, registry, Console.system(quiet));
    return 0;
  }
}

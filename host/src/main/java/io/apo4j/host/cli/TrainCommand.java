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
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code apo train [CONFIG] [--set key=value]...}: without CONFIG, the demo on the embedded defaults. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train a model as a run config (YAML or JSON) describes; without CONFIG, run the demo",
        "(embedded LeNet-5 on the embedded Fashion-MNIST subset)."})
final class TrainCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "run config file (.yaml, .yml or .json)")
  Path config;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override any config key, dotted for nested keys (e.g. --set optimizer.lr=0.05); repeatable")
  List<String> overrides = new ArrayList<>();

  @Option(names = {"-q", "--quiet"}, description = "no progress bar; print only the summary")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> tree = config == null ? DemoConfig.tree(DemoConfig.DEFAULT_OUT) : ConfigTree.read(config);
    Path configDir = config == null ? null : config.toAbsolutePath().getParent();
    RunConfig cfg = RunConfigParser.parse(ConfigTree.override(tree, overrides), configDir);
    var registry = plugins.registryReportingProblems(new java.io.PrintWriter(System.err, true));
    TrainingSession.start(cfg, registry, Console.system(quiet));
    return 0;
  }
}

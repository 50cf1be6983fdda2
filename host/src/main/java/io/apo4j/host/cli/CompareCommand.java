package io.apo4j.host.cli;

import io.apo4j.host.compare.CompareRunner;
import io.apo4j.host.compare.CompareSpec;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code apo compare SPEC}: several optimizer configurations and seeds on one task, and a report. */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Run several configurations x seeds of one task (resumable) and write an HTML/PNG/CSV report.")
final class CompareCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SPEC", description = "comparison spec (YAML or JSON), see experiments/")
  Path specFile;

  @Option(names = "--out", paramLabel = "DIR", description = "report folder (default: reports/<spec name>[-quick])")
  Path out;

  @Option(names = "--quick", description = "apply the spec's 'quick' section (few steps, one seed)")
  boolean quick;

  @Option(names = "--jobs", paramLabel = "N", defaultValue = "1", description = "runs at a time (default 1)")
  int jobs;

  @Option(names = "--report-only", description = "do not run anything; rebuild the report from finished runs")
  boolean reportOnly;

  @Mixin
  PluginOptions plugins;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (jobs < 1) {
      throw new io.apo4j.api.config.ConfigException("compare: --jobs must be >= 1; found " + jobs);
    }
    CompareSpec s = CompareSpec.read(specFile, quick);
    Path dir = out != null ? out : Path.of("reports", s.name() + (quick ? "-quick" : ""));
    int failed = new CompareRunner(plugins.directories(), spec.commandLine().getOut(), jobs).run(s, dir, reportOnly);
    return failed == 0 ? 0 : 1;
  }
}

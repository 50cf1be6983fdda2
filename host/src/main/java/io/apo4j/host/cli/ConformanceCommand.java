package io.apo4j.host.cli;

import io.apo4j.host.onnx.ConformanceCase;
import io.apo4j.host.onnx.ConformanceRunner;
import io.apo4j.host.onnx.ConformanceRunner.CaseResult;
import io.apo4j.host.onnx.Tolerance;
import io.apo4j.host.registry.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code apo conformance DIR --out OUT}: runs ONNX backend-test cases and compares our outputs. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = {"Run every case in ONNX backend-test layout (<case>/model.onnx, <case>/test_data_set_N/input_K.pb),",
        "write our outputs to OUT/<case>/test_data_set_N/output_K.pb and compare them with the expected output_K.pb",
        "(|a-e| <= 1e-5 + 1e-4|e|). Prints one line per case and 'N passed, N failed'; exit 0 only if none failed."})
final class ConformanceCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  @Parameters(index = "0", paramLabel = "DIR", description = "folder of case folders")
  Path dir;

  @Option(names = "--out", required = true, paramLabel = "OUT", description = "where our outputs are written")
  Path out;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "120", description = "per case (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter o = spec.commandLine().getOut();
    List<ConformanceCase> cases = ConformanceCase.under(dir);
    PluginRegistry registry = plugins.registryReportingProblems(spec.commandLine().getErr());
    int passed = 0;
    int failed = 0;
    try (ConformanceRunner runner = new ConformanceRunner(registry, out, Tolerance.BACKEND_TEST,
        Duration.ofSeconds(timeoutSeconds))) {
      for (ConformanceCase c : cases) {
        CaseResult r = runner.run(c);
        if (r.passed()) {
          passed++;
        } else {
          failed++;
        }
        o.println((r.passed() ? "PASS " : "FAIL ") + r.name() + ": " + oneLine(r.detail()));
        o.flush();
      }
    }
    o.println(passed + " passed, " + failed + " failed");
    o.flush();
    return failed == 0 ? 0 : 1;
  }

  private static String oneLine(String s) {
    String flat = s.replace('\n', ' ');
    return flat.length() > 400 ? flat.substring(0, 400) + "..." : flat;
  }
}

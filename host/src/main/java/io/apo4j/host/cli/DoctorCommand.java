package io.apo4j.host.cli;

import io.apo4j.host.data.EmbeddedData;
import io.apo4j.host.doctor.SmokeTest;
import io.apo4j.host.registry.PluginRegistry;
import io.apo4j.host.registry.ProviderKind;
import io.apo4j.host.train.DemoConfig;
import io.apo4j.platform.Cpu;
import io.apo4j.platform.NativeBuild;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code apo doctor}: what this machine is, which ND4J build runs and why, where plugins and data
 * are looked for, and a two-second smoke test. Exits 1 with the fix when something is wrong.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check this machine: Java, CPU flags, the ND4J native build chosen and why, OpenBLAS,",
        "plugins and datasets, and a smoke test (GEMM, convolution, one training step)."})
final class DoctorCommand implements Callable<Integer> {
  @Mixin
  PluginOptions plugins;

  private final PrintStream out = System.out;
  private final List<String> problems = new ArrayList<>();

  @Override
  public Integer call() {
    NativeBuild build = NativeBuild.select();
    Cpu cpu = Cpu.current();
    line("java", Runtime.version() + " (" + System.getProperty("java.vendor") + ", " + System.getProperty("java.home") + ")");
    if (Runtime.version().feature() < 17) {
      problems.add("Java " + Runtime.version().feature() + " is too old: install Java 17 or newer");
    }
    line("os/arch", System.getProperty("os.name") + " " + System.getProperty("os.arch") + " (" + cpu.javacppPlatform() + ")");
    line("cpu", cpu.model().isEmpty() ? "(model unknown)" : cpu.model());
    line("cpu flags", List.of("avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl").stream()
        .map(f -> f + (cpu.has(f) ? "+" : "-")).collect(Collectors.joining(" ")));
    line("nd4j build", cpu.javacppPlatform() + (build.extension().isEmpty() ? " (default)" : build.extension())
        + ": " + build.reason());
    build.warnings().forEach(problems::add);
    line("override", "-D" + NativeBuild.OVERRIDE_PROPERTY + "=X or " + NativeBuild.OVERRIDE_ENV + "=X (X: "
        + NativeBuild.ONEDNN + ", " + NativeBuild.ONEDNN_AVX512 + ")");
    nativeChecks();
    pluginChecks();
    dataChecks();
    if (problems.isEmpty()) {
      out.println("doctor: all checks passed");
      return 0;
    }
    problems.forEach(p -> out.println("doctor: PROBLEM: " + p));
    return 1;
  }

  private void nativeChecks() {
    try {
      // the bundled OpenBLAS picks its kernel at load time from the CPU (javacpp exposes no
      // openblas_get_corename); OPENBLAS_CORETYPE overrides that, and some machines set it on purpose
      String core = System.getenv("OPENBLAS_CORETYPE");
      line("openblas", (core == null ? "kernel chosen from the CPU (SkylakeX with AVX-512, Haswell/Zen with AVX2)"
          : "kernel OPENBLAS_CORETYPE=" + core) + "; ND4J threads " + Nd4j.getEnvironment().maxMasterThreads()
          + env("OPENBLAS_NUM_THREADS") + env("OMP_NUM_THREADS") + env("OMP_WAIT_POLICY"));
      double gemm = SmokeTest.gemmError();
      line("smoke gemm", "96x96 float32 vs a double loop: relative error %.1e".formatted(gemm));
      if (!(gemm < 1e-5)) {
        problems.add("ND4J's GEMM is wrong on this CPU (relative error " + gemm + "); try " + NativeBuild.OVERRIDE_ENV
            + "=" + NativeBuild.ONEDNN);
      }
      line("nd4j natives", Loader.getLoadedLibraries().values().stream().filter(v -> v.contains("nd4jcpu"))
          .map(v -> v.replaceAll(".*/bindings/", "")).sorted().collect(Collectors.joining(", ")));
    } catch (Throwable e) {
      problems.add("ND4J's native build " + build() + " does not load: " + e + "; run with " + NativeBuild.OVERRIDE_ENV
          + "=" + NativeBuild.ONEDNN + ", or rebuild the distribution for this platform (-Dapo4j.native.platform=...)");
    }
  }

  private void pluginChecks() {
    PluginRegistry registry = plugins.registry();
    line("plugins dirs", plugins.directories().stream().map(d -> d + (Files.isDirectory(d) ? "" : " (missing)"))
        .collect(Collectors.joining(", ")));
    for (ProviderKind kind : ProviderKind.values()) {
      line("  " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), String.join(", ", registry.ids(kind)));
    }
    registry.problems().forEach(p -> problems.add("plugin: " + p));
    if (registry.ids(ProviderKind.MODEL_IMPORTER).isEmpty()) {
      problems.add("no model importer found: the onnx-import plugin belongs in " + plugins.directories().get(0));
      return;
    }
    try {
      Path model = Files.createTempDirectory("apo-doctor");
      try {
        Path onnx = Path.of(DemoConfig.tree(model).get("model").toString());
        long start = System.nanoTime();
        double[] loss = SmokeTest.trainingStep(registry.importerFor(onnx), onnx);
        line("smoke step", "LeNet-5 (conv, pool, gemm), one SGD step on 8 images: loss %.4f -> %.4f in %.0f ms"
            .formatted(loss[0], loss[1], (System.nanoTime() - start) / 1e6));
        if (!(loss[1] < loss[0])) {
          problems.add("one SGD step did not lower the loss on its own batch (" + loss[0] + " -> " + loss[1]
              + "): the native build computes wrong results here; try " + NativeBuild.OVERRIDE_ENV + "=" + NativeBuild.ONEDNN);
        }
      } finally {
        try (var files = Files.walk(model)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (Throwable e) {
      problems.add("the training smoke test failed: " + e);
    }
  }

  private void dataChecks() {
    line("fashion-mnist", EmbeddedData.systemFashionMnist().map(Path::toString).orElse(
        "not installed (apt-get install dataset-fashion-mnist, or APO_FASHION_MNIST=DIR); the embedded subset"
            + " fashion-mnist-subset works without it"));
  }

  private static String build() {
    return System.getProperty(NativeBuild.JAVACPP_PROPERTY, "(default)");
  }

  private static String env(String name) {
    String v = System.getenv(name);
    return v == null ? "" : ", " + name + "=" + v;
  }

  private void line(String key, String value) {
    out.printf("%-14s %s%n", key, value);
  }
}

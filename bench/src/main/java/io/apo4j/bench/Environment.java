package io.apo4j.bench;

import io.apo4j.api.kernels.Blas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine and settings a run was measured on (load average included: the machine may be shared). */
final class Environment {
  private Environment() {}

  static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("avx512f", cpuFlags().contains(" avx512f"));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
    m.put("nd4j_native_build", ext.isEmpty() ? "default" : ext.substring(1));
    m.put("openblas_threads", Blas.threads());
    m.put("omp_num_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")));
    m.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
    m.put("load_average_at_start", loadAverage());
    return m;
  }

  static void addLoad(Map<String, Object> env) {
    env.put("load_average_at_end", loadAverage());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String cpuModel() {
    for (String line : cpuinfo().split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return "unknown";
  }

  private static String cpuFlags() {
    for (String line : cpuinfo().split("\n")) {
      if (line.startsWith("flags")) {
        return line + " ";
      }
    }
    return "";
  }

  private static String cpuinfo() {
    try {
      return Files.readString(Path.of("/proc/cpuinfo"));
    } catch (IOException e) {
      return "";
    }
  }
}

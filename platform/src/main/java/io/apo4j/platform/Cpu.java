package io.apo4j.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the native build depends on: operating system, architecture and (on Linux) the CPU's
 * instruction-set flags from {@code /proc/cpuinfo}.
 *
 * @param os lower-case {@code os.name}, e.g. {@code linux}, {@code mac os x}
 * @param arch {@code os.arch}, e.g. {@code amd64}, {@code aarch64}
 * @param model the CPU's model name, or "" where unknown
 * @param flags the CPU flags of the first processor, empty where unknown
 */
public record Cpu(String os, String arch, String model, Set<String> flags) {
  public Cpu {
    flags = Set.copyOf(flags);
  }

  /** This machine. */
  public static Cpu current() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "");
    String model = "";
    Set<String> flags = new TreeSet<>();
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (Files.isReadable(cpuinfo)) {
      try {
        for (String line : Files.readAllLines(cpuinfo)) {
          if (model.isEmpty() && line.startsWith("model name")) {
            model = line.substring(line.indexOf(':') + 1).trim();
          } else if (flags.isEmpty() && (line.startsWith("flags") || line.startsWith("Features"))) {
            flags.addAll(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+")));
          }
        }
      } catch (IOException e) {
        // unreadable in a sandbox: the choice then falls back to the portable build
      }
    }
    return new Cpu(os, arch, model, flags);
  }

  /** JavaCPP's name of this platform: {@code linux-x86_64}, {@code macosx-arm64}, ... */
  public String javacppPlatform() {
    String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx"
        : os.startsWith("windows") ? "windows" : os.replace(' ', '_');
    String a = switch (arch) {
      case "amd64", "x86_64", "x86-64" -> "x86_64";
      case "aarch64", "arm64" -> "arm64";
      default -> arch;
    };
    return o + "-" + a;
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }
}

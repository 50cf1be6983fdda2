package io.apo4j.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The ND4J native build a JVM loads, chosen from the CPU it runs on. This class is the one
 * definition of that choice: the launcher's JVM ({@code io.apo4j.host.cli.Main}), every test JVM
 * (through {@link NativeBuildAgent}), {@code apo compare}'s children, the benchmarks and any worker
 * call {@link #select()} before ND4J loads.
 *
 * <p>Why it matters: ND4J's default {@code linux-x86_64} build dies with SIGILL on a CPU without
 * AVX-512 the moment it loads, and its convolutions are ~10x slower than the oneDNN builds. So on
 * Linux x86-64 the distribution ships the two oneDNN builds and picks one: {@code -onednn-avx512}
 * where the CPU has every AVX-512 subset that build is compiled for, {@code -onednn} otherwise.
 *
 * <p>Override, in this order: {@code -Dorg.bytedeco.javacpp.platform.extension=X} (JavaCPP's own
 * property, kept as given), {@code -Dapo4j.nd4j.extension=X}, the environment variable
 * {@code APO4J_ND4J_EXTENSION=X}; {@code X} is {@code -onednn}, {@code -onednn-avx512} or, on a
 * distribution built for another platform, "" (ND4J's default build of that platform).
 *
 * @param extension the JavaCPP platform extension ("" = ND4J's default build)
 * @param reason why this build, in words
 * @param warnings what is likely to go wrong with it on this CPU (empty when nothing)
 */
public record NativeBuild(String extension, String reason, List<String> warnings) {
  /** JavaCPP reads the extension from this system property when it loads the first library. */
  public static final String JAVACPP_PROPERTY = "org.bytedeco.javacpp.platform.extension";
  public static final String OVERRIDE_PROPERTY = "apo4j.nd4j.extension";
  public static final String OVERRIDE_ENV = "APO4J_ND4J_EXTENSION";
  public static final String ONEDNN_AVX512 = "-onednn-avx512";
  public static final String ONEDNN = "-onednn";
  /** The subsets ND4J's AVX-512 build uses (-mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl). */
  static final List<String> AVX512_FLAGS = List.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");
  static final String LINUX_X86 = "linux-x86_64";

  /** What {@link #select()} chose in this JVM, so later reports say why rather than "it was set". */
  private static NativeBuild selected;

  public NativeBuild {
    warnings = List.copyOf(warnings);
  }

  /** The build this JVM should load (explicit settings first, then the CPU). Changes nothing. */
  public static NativeBuild detect() {
    return choose(Cpu.current(), System.getProperty(JAVACPP_PROPERTY), System.getProperty(OVERRIDE_PROPERTY),
        System.getenv(OVERRIDE_ENV));
  }

  /**
   * Chooses the build and sets JavaCPP's property to it unless it was set already. Must run before
   * the first ND4J or JavaCPP class loads; calling it again changes nothing.
   */
  public static synchronized NativeBuild select() {
    if (selected != null && selected.extension().equals(System.getProperty(JAVACPP_PROPERTY, ""))) {
      return selected;
    }
    NativeBuild build = detect();
    if (System.getProperty(JAVACPP_PROPERTY) == null && !build.extension().isEmpty()) {
      System.setProperty(JAVACPP_PROPERTY, build.extension());
    }
    selected = build;
    return build;
  }

  /** The rule itself, for any CPU (tests give it CPUs this machine is not). */
  static NativeBuild choose(Cpu cpu, String javacppProperty, String overrideProperty, String overrideEnv) {
    if (javacppProperty != null) {
      return overridden(cpu, javacppProperty, "-D" + JAVACPP_PROPERTY + " was given");
    }
    if (overrideProperty != null) {
      return overridden(cpu, overrideProperty, "-D" + OVERRIDE_PROPERTY + " was given");
    }
    if (overrideEnv != null) {
      return overridden(cpu, overrideEnv, OVERRIDE_ENV + " is set");
    }
    String platform = cpu.javacppPlatform();
    if (!platform.equals(LINUX_X86)) {
      return new NativeBuild("", platform + ": ND4J's default build for this platform (a distribution built with"
          + " -Dapo4j.native.platform=" + platform + "; only linux-x86_64 is tested)", List.of());
    }
    List<String> missing = missingAvx512(cpu);
    if (missing.isEmpty()) {
      return new NativeBuild(ONEDNN_AVX512, "the CPU has " + String.join(", ", AVX512_FLAGS), List.of());
    }
    if (cpu.flags().isEmpty()) {
      return new NativeBuild(ONEDNN, "the CPU's flags could not be read (/proc/cpuinfo): the portable oneDNN build",
          List.of());
    }
    String without = "the CPU lacks " + String.join(", ", missing);
    if (cpu.has("avx2")) {
      return new NativeBuild(ONEDNN, without + " (AVX2 only)", List.of());
    }
    return new NativeBuild(ONEDNN, without + " and AVX2",
        List.of("no AVX2: the -onednn build is tested on AVX2 and AVX-512 CPUs only; it may stop with SIGILL here"));
  }

  private static NativeBuild overridden(Cpu cpu, String extension, String why) {
    List<String> warnings = new ArrayList<>();
    boolean x86 = cpu.javacppPlatform().equals(LINUX_X86);
    if (x86 && extension.contains("avx512") && !cpu.flags().isEmpty() && !missingAvx512(cpu).isEmpty()) {
      warnings.add("the CPU lacks " + String.join(", ", missingAvx512(cpu)) + ": the " + extension
          + " build will stop with SIGILL; unset the override or use " + ONEDNN);
    }
    if (x86 && !extension.equals(ONEDNN) && !extension.equals(ONEDNN_AVX512)) {
      warnings.add("the linux-x86_64 distribution packages only the " + ONEDNN + " and " + ONEDNN_AVX512
          + " builds; '" + extension + "' will not load");
    }
    return new NativeBuild(extension, why, warnings);
  }

  private static List<String> missingAvx512(Cpu cpu) {
    return AVX512_FLAGS.stream().filter(f -> !cpu.has(f)).collect(Collectors.toList());
  }

  /** The build's name as ND4J's jars name it, e.g. {@code linux-x86_64-onednn}. */
  public String classifier() {
    return Cpu.current().javacppPlatform() + extension;
  }
}

package io.apo4j.platform;

/**
 * For shell scripts: {@code java -jar apo4j-platform.jar} prints the chosen extension (one line,
 * possibly empty); {@code --explain} prints extension, reason and warnings; {@code --flag} prints the
 * JVM option that selects it ({@code -Dorg.bytedeco.javacpp.platform.extension=...}).
 */
public final class NativeBuildMain {
  private NativeBuildMain() {}

  public static void main(String[] args) {
    NativeBuild build = NativeBuild.detect();
    String mode = args.length == 0 ? "" : args[0];
    switch (mode) {
      case "" -> System.out.println(build.extension());
      case "--flag" -> System.out.println("-D" + NativeBuild.JAVACPP_PROPERTY + "=" + build.extension());
      case "--explain" -> {
        System.out.println("extension: " + (build.extension().isEmpty() ? "(none: ND4J's default build)" : build.extension()));
        System.out.println("reason: " + build.reason());
        build.warnings().forEach(w -> System.out.println("warning: " + w));
      }
      default -> {
        System.err.println("usage: java -jar apo4j-platform.jar [--flag | --explain]");
        System.exit(2);
      }
    }
  }
}

package io.apo4j.platform;

/**
 * Java agent that runs {@link NativeBuild#select()} before {@code main} (or before the first test
 * class loads, for Surefire's forks: {@code -javaagent:apo4j-platform.jar}). Instruments nothing,
 * so it takes the one-argument {@code premain} and needs no {@code java.instrument}.
 */
public final class NativeBuildAgent {
  private NativeBuildAgent() {}

  public static void premain(String args) {
    NativeBuild.select();
  }

  public static void agentmain(String args) {
    NativeBuild.select();
  }
}

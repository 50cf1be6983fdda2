/**
 * Chooses ND4J's native build from the CPU: the one definition every JVM of apo4j shares
 * ({@link io.apo4j.platform.NativeBuild}).
 */
module io.apo4j.platform {
  exports io.apo4j.platform;
}

package io.apo4j.onnx.exec;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wall time per node and direction, for {@code bench/profile.sh}: on only when the JVM runs with
 * {@code -Dapo4j.optimes=true} (otherwise the executor's check is a constant and costs nothing);
 * the table (mean and fastest call, slowest total first) is printed to stderr when the JVM exits.
 * Sampling profilers cannot give this: oneDNN's and OpenBLAS's own threads are invisible to them.
 */
final class OpTimes {
  static final boolean ENABLED = Boolean.getBoolean("apo4j.optimes");
  /** {total ns, calls, fastest ns} per "F|B node". */
  private static final Map<String, long[]> TIMES = new ConcurrentHashMap<>();

  static {
    if (ENABLED) {
      Runtime.getRuntime().addShutdownHook(new Thread(OpTimes::print));
    }
  }

  private OpTimes() {}

  static synchronized void add(String direction, String node, long nanos) {
    long[] t = TIMES.computeIfAbsent(direction + " " + node, k -> new long[] {0, 0, Long.MAX_VALUE});
    t[0] += nanos;
    t[1]++;
    t[2] = Math.min(t[2], nanos);
  }

  private static void print() {
    System.err.println("wall time per op (F forward, B backward): mean ms/call, fastest ms/call, calls");
    TIMES.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e ->
        System.err.printf("  %-70s %8.3f %8.3f %7d%n", e.getKey(), e.getValue()[0] / 1e6 / e.getValue()[1],
            e.getValue()[2] / 1e6, e.getValue()[1]));
  }
}

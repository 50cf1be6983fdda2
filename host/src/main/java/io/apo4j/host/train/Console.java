package io.apo4j.host.train;

import java.io.PrintStream;

/**
 * Where a run talks to the user: results on {@code out}, progress on {@code err}.
 *
 * @param quiet no progress bar and no intermediate lines (for scripts)
 */
public record Console(PrintStream out, PrintStream err, boolean quiet) {
  public static Console system(boolean quiet) {
    return new Console(System.out, System.err, quiet);
  }

  void info(String line) {
    if (!quiet) {
      out.println(line);
    }
  }
}

package io.apo4j.host.cli;

import io.apo4j.api.Apo4jException;
import picocli.CommandLine;

/** Prints our own errors as one clear line (no stack trace); anything else is a bug and shows one. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  static final int USER_ERROR = 2;

  @Override
  public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
    if (e instanceof Apo4jException || e instanceof java.io.IOException) {
      cli.getErr().println("apo: " + e.getMessage());
      return USER_ERROR;
    }
    cli.getErr().println("apo: internal error (please report): " + e);
    e.printStackTrace(cli.getErr());
    return 70;
  }
}

package io.apo4j.host.registry;

import java.nio.file.Path;

/**
 * A plugin jar (or folder, or one provider in it) that could not be used, and why.
 *
 * @param source the jar or folder; null for the application module path
 * @param reason what went wrong, naming the provider class or module where known
 */
public record PluginProblem(Path source, String reason) {
  @Override
  public String toString() {
    return (source == null ? "(application module path)" : source.toString()) + ": " + reason;
  }
}

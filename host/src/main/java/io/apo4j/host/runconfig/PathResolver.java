package io.apo4j.host.runconfig;

import io.apo4j.api.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resolves paths written in a run config: absolute as given; relative ones against the working
 * directory when the file is there, else against the config file's directory.
 */
final class PathResolver {
  private final Path configDir;

  PathResolver(Path configDir) {
    this.configDir = configDir;
  }

  /** The file {@code value} of key {@code key}; fails naming the key when it does not exist. */
  Path existing(String key, String value) {
    Path p = resolve(value);
    if (!Files.isRegularFile(p)) {
      throw new ConfigException(key + ": file not found; expected an existing file, found no " + p
          + (configDir == null ? "" : " (relative paths are tried in the working directory, then in " + configDir + ")"));
    }
    return p;
  }

  Path resolve(String value) {
    Path given = Path.of(value);
    if (given.isAbsolute()) {
      return given.normalize();
    }
    Path fromWorkingDir = given.toAbsolutePath().normalize();
    if (Files.exists(fromWorkingDir) || configDir == null) {
      return fromWorkingDir;
    }
    Path nextToConfig = configDir.resolve(given).toAbsolutePath().normalize();
    return Files.exists(nextToConfig) ? nextToConfig : fromWorkingDir;
  }
}

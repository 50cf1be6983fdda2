package io.apo4j.host.registry;

import io.apo4j.api.Provider;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A provider the registry accepted, with where it came from.
 *
 * @param jar the plugin jar or folder, or null for providers on the application module path
 */
public record LoadedProvider(Provider provider, ProviderKind kind, String version, String module, Path jar) {
  public String id() {
    return provider.id();
  }

  /** Where the provider came from, for tables and messages. */
  public String source() {
    return Optional.ofNullable(jar).map(Path::toString).orElse("(application module path)");
  }
}

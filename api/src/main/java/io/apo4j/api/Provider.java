package io.apo4j.api;

import io.apo4j.api.config.ConfigSpec;

/**
 * What every plugin entry point has in common: an id, the API version it was compiled against,
 * and the typed configuration it accepts.
 *
 * <p>Implementations need a public no-argument constructor (that is how {@link java.util.ServiceLoader}
 * creates them) and must be cheap to construct: heavy work belongs in {@code create}.
 */
@Stable
public interface Provider {
  /** Lowercase-kebab id, unique per kind across all loaded plugins (e.g. {@code "apo-lr"}). */
  String id();

  /**
   * The API version this provider was compiled against. Implement it as
   * {@code return new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR);} so the constants are
   * compiled into the plugin.
   */
  ApiVersion apiVersion();

  /** One sentence for {@code apo plugins}. */
  default String description() {
    return "";
  }

  /** The keys this provider's configuration accepts, with types, defaults and bounds. */
  ConfigSpec configSpec();
}

package io.apo4j.api;

/**
 * The version of this SPI, as a provider declares it and the host checks it.
 *
 * <p>Compatibility rule: a provider compiled against {@code major.minor} loads into a host whose
 * API has the same major version and a minor version that is equal or newer. A provider that
 * needs a newer minor or another major version is refused with the jar's path and both versions.
 *
 * <p>Providers declare the version they were compiled against by returning
 * {@code new ApiVersion(ApiVersion.MAJOR, ApiVersion.MINOR)}: the two fields are compile-time
 * constants, so javac copies their values into the plugin's class file.
 *
 * <p>History: 1.0 the initial SPI; 1.1 added {@code io.apo4j.api.runtime} (a reusable training step
 * and step context over any {@code TrainableModel}); 1.2 added {@code Optimizer.usefulCapabilities()}
 * (capabilities used when offered, e.g. layer taps for APO-P) and {@code api.kernels.TapFactors}.
 */
@Stable
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** Major version of this API; incremented on incompatible changes. */
  public static final int MAJOR = 1;
  /** Minor version of this API; incremented when something is added. */
  public static final int MINOR = 2;
  /** The version of the API the host runs with. */
  public static final ApiVersion CURRENT = new ApiVersion(MAJOR, MINOR);

  public ApiVersion {
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("API version must be non-negative; found " + major + "." + minor);
    }
  }

  /** Parses {@code "1.0"}. */
  public static ApiVersion parse(String text) {
    String[] parts = text.trim().split("\\.");
    if (parts.length != 2) {
      throw new IllegalArgumentException("API version '" + text + "': expected MAJOR.MINOR");
    }
    return new ApiVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
  }

  /** Whether a provider compiled against {@code required} can run on this version. */
  public boolean satisfies(ApiVersion required) {
    return required.major == major && required.minor <= minor;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}

package io.apo4j.host.compare;

import java.nio.file.Path;
import java.util.Map;

/**
 * One run of a comparison: a variant with one seed, its resolved config and its directory.
 *
 * @param config the full run config (base merged with the variant's overrides, seed and out set)
 */
public record RunPlan(String variant, long seed, Map<String, Object> config, Path dir) {
  /** The file the run's config is written to. */
  public Path configFile() {
    return dir.resolve("compare-config.yaml");
  }

  /** Written by the comparison when the run ended, with its exit code, wall time and peak memory. */
  public Path statusFile() {
    return dir.resolve("compare-status.json");
  }

  public Path metricsFile() {
    return dir.resolve("metrics.jsonl");
  }

  public String label() {
    return variant + " seed " + seed;
  }
}

package io.apo4j.api.discrepancy;

import io.apo4j.api.Provider;
import io.apo4j.api.Stable;
import io.apo4j.api.config.Config;

/** Entry point of a discrepancy plugin; selected by id (e.g. {@code fsd: kl}). */
@Stable
public interface DiscrepancyProvider extends Provider {
  Discrepancy create(Config config);
}

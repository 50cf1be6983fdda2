package io.apo4j.apo.meta;

import java.util.List;
import java.util.Locale;

/** Where the meta-step takes the batch B' on which the function-space discrepancy is measured. */
public enum SecondBatch {
  /** The next batch of the independent, seeded stream the host offers (the spec's default). */
  INDEPENDENT,
  /** The step's own batch B: no extra data, but D_F then sees the inputs J_B is fitted on. */
  CURRENT;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> ids() {
    return List.of(INDEPENDENT.id(), CURRENT.id());
  }

  public static SecondBatch of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}

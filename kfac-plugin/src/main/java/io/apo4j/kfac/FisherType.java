package io.apo4j.kfac;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Which output gradients feed the G factor. */
public enum FisherType {
  /** Gradients of the step's own loss with the data labels (no extra pass). */
  EMPIRICAL,
  /**
   * Gradients from one extra backward pass with labels drawn from the model's softmax (the
   * "true" Fisher), on factor-update steps only.
   */
  SAMPLED;

  /** The config spelling, e.g. {@code empirical}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  static List<String> keys() {
    return Arrays.stream(values()).map(FisherType::key).toList();
  }

  static FisherType of(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }
}

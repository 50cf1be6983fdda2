package io.apo4j.apo.meta;

import java.util.List;
import java.util.Locale;

/** The first-order method that updates APO's phi from its meta-gradient. */
public enum MetaMethod {
  /** Adam (beta1 0.9, beta2 0.999, eps 1e-8): steps of about the meta learning rate per entry. */
  ADAM,
  /** Plain gradient descent. */
  SGD;

  /** The config spelling, e.g. {@code adam}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every config spelling. */
  public static List<String> ids() {
    return List.of(ADAM.id(), SGD.id());
  }

  /** The method spelt {@code id} (validated by the config's CHOICE). */
  public static MetaMethod of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}

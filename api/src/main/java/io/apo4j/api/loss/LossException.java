package io.apo4j.api.loss;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Stable;

/** Outputs and targets do not fit a loss: wrong shape, wrong type, a label out of range. */
@Stable
public class LossException extends Apo4jException {
  private static final long serialVersionUID = 1L;

  public LossException(String message) {
    super(message);
  }
}

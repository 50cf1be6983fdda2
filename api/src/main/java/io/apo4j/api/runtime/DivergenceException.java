package io.apo4j.api.runtime;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Experimental;

/** The loss or the gradient of a training step is NaN or infinite; the step was not applied. */
@Experimental
public class DivergenceException extends Apo4jException {
  private static final long serialVersionUID = 1L;
  private final long step;

  public DivergenceException(long step, String message) {
    super(message);
    this.step = step;
  }

  /** The step whose loss or gradient was not finite. */
  public long step() {
    return step;
  }
}

package io.apo4j.onnx.ops;

import io.apo4j.api.Apo4jException;

/** An operator cannot run on the tensors it was given; the message names the node. */
public class OpException extends Apo4jException {
  private static final long serialVersionUID = 1L;

  public OpException(String message) {
    super(message);
  }

  public OpException(String message, Throwable cause) {
    super(message, cause);
  }
}

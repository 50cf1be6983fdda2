package io.apo4j.api.model;

import io.apo4j.api.Apo4jException;
import io.apo4j.api.Stable;

/** A model file cannot be imported; the message names the file and the cause. */
@Stable
public class ModelImportException extends Apo4jException {
  private static final long serialVersionUID = 1L;

  /** Why an import failed. */
  public enum Reason {
    /** Not readable as a model: truncated, corrupt, not the format. */
    CORRUPT,
    /** An operator or attribute value is not supported. */
    UNSUPPORTED,
    /** The graph is malformed: dangling names, cycles, duplicate outputs. */
    INVALID_GRAPH,
    /** Shapes or element types do not fit together. */
    SHAPE_MISMATCH,
    /** Sizes beyond sane limits, or data referenced from outside the model's folder. */
    REFUSED
  }

  private final Reason reason;

  public ModelImportException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ModelImportException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}

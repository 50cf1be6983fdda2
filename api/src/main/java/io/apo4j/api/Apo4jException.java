package io.apo4j.api;

/** Base of every error this project reports to a user; its message names where and what. */
@Stable
public class Apo4jException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Apo4jException(String message) {
    super(message);
  }

  public Apo4jException(String message, Throwable cause) {
    super(message, cause);
  }
}

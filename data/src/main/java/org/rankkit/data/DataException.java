package org.rankkit.data;

/** A dataset that cannot be opened or read; the message says what is wrong and how to fix it. */
public class DataException extends RuntimeException {

  /**
   * Creates the exception with a message.
   *
   * @param message what is wrong and how to fix it
   */
  public DataException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a message and a cause.
   *
   * @param message what is wrong and how to fix it
   * @param cause the underlying failure (e.g. an {@link java.io.IOException}), or {@code null}
   */
  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}

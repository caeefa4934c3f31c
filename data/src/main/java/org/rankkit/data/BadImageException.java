package org.rankkit.data;

import java.nio.file.Path;

/** An image file that is missing or cannot be decoded; the message names the file. */
public final class BadImageException extends DataException {

  /** The file that could not be read. */
  private final Path file;

  /** Why it could not be read. */
  private final String reason;

  /**
   * Creates the exception for {@code file} with a reason such as "file not found"; the message is
   * {@code "Cannot read image <file>: <reason>"}.
   *
   * @param file the image file that is missing or cannot be decoded
   * @param reason why it cannot be read, e.g. {@code file not found}
   * @param cause the decoder's or file system's exception, or {@code null}
   */
  public BadImageException(Path file, String reason, Throwable cause) {
    super("Cannot read image " + file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  /**
   * Returns the same failure with advice appended to the reason, e.g. how to skip such files.
   *
   * @param advice text appended to the reason as it is
   * @return a new exception for the same file and cause
   */
  BadImageException withAdvice(String advice) {
    return new BadImageException(file, reason + advice, getCause());
  }

  /** {@return the file that could not be read} */
  public Path file() {
    return file;
  }
}

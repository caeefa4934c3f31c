package org.rankkit.data;

import java.nio.file.Path;

/** An image file that is missing or cannot be decoded; the message names the file. */
public final class BadImageException extends DataException {

  /** The file that could not be read. */
  private final Path file;

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
  }

  /** {@return the file that could not be read} */
  public Path file() {
    return file;
  }
}

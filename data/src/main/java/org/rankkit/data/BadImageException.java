package org.rankkit.data;

import java.nio.file.Path;

/** An image file that is missing or cannot be decoded; the message names the file. */
public final class BadImageException extends DataException {

  private final Path file;

  /** Creates the exception for {@code file} with a reason such as "file not found". */
  public BadImageException(Path file, String reason, Throwable cause) {
    super("Cannot read image " + file + ": " + reason, cause);
    this.file = file;
  }

  /** Returns the file that could not be read. */
  public Path file() {
    return file;
  }
}

package org.rankkit.cli;

import com.fasterxml.jackson.core.JacksonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.rankkit.data.DataException;

/**
 * Turns an exception that reached the command line into RankKit's one-line error: user errors (a
 * bad input, file or size) say what was wrong in RankKit's words and exit with 2; anything else is
 * an internal error that says it is a bug and where to report it.
 */
final class ErrorReport {

  /** Exit status of a user error. */
  static final int USER_ERROR = 2;

  /** Exit status of an internal error (a bug). */
  static final int INTERNAL_ERROR = 70;

  /** Where bugs are reported. */
  static final String REPORT_TO =
      "please report it on RankKit's issue tracker with the output of the same command with --debug";

  private ErrorReport() {}

  /**
   * Whether the exception is a user error (bad input, file, size or setting).
   *
   * @param e the exception
   * @return true for a user error
   */
  static boolean isUserError(Throwable e) {
    return e instanceof IllegalArgumentException
        || e instanceof IOException
        || e instanceof UncheckedIOException
        || e instanceof IllegalStateException
        || e instanceof DataException
        || e instanceof ArithmeticException
        || e instanceof OutOfMemoryError
        || e instanceof NumberFormatException;
  }

  /**
   * The one-line message of a user error, without library internals.
   *
   * @param e the exception
   * @return the message
   */
  static String userMessage(Throwable e) {
    Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    String message;
    if (t instanceof NoSuchFileException f) {
      message = f.getFile() + ": no such file or directory";
    } else if (t instanceof AccessDeniedException f) {
      message = f.getFile() + ": permission denied";
    } else if (t instanceof java.nio.file.FileAlreadyExistsException f) {
      message = f.getFile() + ": exists and is not a directory";
    } else if (t instanceof NotDirectoryException f) {
      message = f.getFile() + ": not a directory";
    } else if (t instanceof FileSystemException f && f.getReason() != null) {
      message = f.getFile() + ": " + f.getReason();
    } else if (t instanceof EOFException) {
      message = "a file ended before its data did (truncated): " + t.getMessage();
    } else if (t instanceof JacksonException j) {
      message = "cannot read the JSON/YAML: " + j.getOriginalMessage();
    } else if (t instanceof ArithmeticException) {
      message = "a size is too large (it overflows the largest supported count): " + t.getMessage();
    } else if (t instanceof OutOfMemoryError) {
      message =
          "not enough memory for the requested sizes ("
              + t.getMessage()
              + "); lower them or give"
              + " the JVM more heap (RANKKIT_JAVA_OPTS=-Xmx...)";
    } else {
      message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
    return clean(message);
  }

  /**
   * The one-line message of an internal error.
   *
   * @param e the exception
   * @return the message
   */
  static String internalMessage(Throwable e) {
    return "internal error (a bug in RankKit, not in your input): "
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + clean(e.getMessage()))
        + "; "
        + REPORT_TO;
  }

  /**
   * Removes library internals from a message and makes invisible characters visible: one line,
   * Jackson's coercion hints, source excerpts and reference chains dropped, Java type names in
   * words, a byte-order mark or control character written as {@code \\uXXXX}.
   *
   * @param message the raw message
   * @return the cleaned message
   */
  static String clean(String message) {
    String m = message;
    m = m.replaceAll("\\s*\\(but (might|could) if coercion[^)]*\\)", "");
    // Jackson paths: org.rankkit.golden.LossCase["labels"]->long[][11] becomes labels[11]
    m = m.replaceAll("(?:[A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Z][A-Za-z0-9_$]*\\[\"([^\"]*)\"\\]", "$1");
    m =
        m.replaceAll(
            "->(?:java\\.[A-Za-z.]+|long|int|double|float|short|byte|boolean)(?:\\[\\])+", "");
    m = m.replaceAll("->java\\.[A-Za-z.$]+", "");
    m = m.replaceAll("\\s*\\(through reference chain: [^)]*\\)", "");
    m = m.replaceAll("\\s*at \\[Source: [^]]*]", "");
    m = m.replaceAll("\\s*\\[Source: [^]]*]", "");
    m = m.replaceAll("`(java\\.lang\\.)?(long|int|Long|Integer|short)`", "an integer");
    m = m.replaceAll("`(java\\.lang\\.)?(double|float|Double|Float)`", "a number");
    m = m.replaceAll("`(java\\.lang\\.)?(boolean|Boolean)`", "true or false");
    m = m.replaceAll("`java\\.lang\\.String`", "text");
    m =
        m.replaceAll(
            "`?(org\\.rankkit|java\\.util|com\\.fasterxml)\\.[A-Za-z0-9_.$]+`?(\\[\"[^\"]*\"\\])?",
            "the value");
    m = m.replaceAll("\\s*\\R\\s*", " ").trim();
    StringBuilder visible = new StringBuilder();
    m.codePoints()
        .forEach(
            c -> {
              if (c == 0xFEFF
                  || Character.getType(c) == Character.FORMAT
                  || (Character.isISOControl(c) && c != '\t')) {
                visible.append(String.format("\\u%04X", c));
              } else {
                visible.appendCodePoint(c);
              }
            });
    return visible.toString();
  }
}

package org.rankkit.compare;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.BiConsumer;

/**
 * Writes every file of a comparison atomically: the content goes to a temporary file next to the
 * target ({@code .<name>.<random>.tmp}), which then replaces the target in one rename. A reader, a
 * crash or Ctrl-C therefore sees the old or the new version of a file, never a partial one.
 */
final class AtomicFiles {

  /** What writes a file's content. */
  @FunctionalInterface
  interface Content {
    /**
     * Writes the content.
     *
     * @param out the temporary file's stream (closed by the caller)
     * @throws IOException when writing fails
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Called with (temporary file, target) after the content is complete and before the rename. Only
   * tests set it, to interrupt a comparison deterministically in the middle of a write.
   */
  static volatile BiConsumer<Path, Path> beforeRename = (temporary, target) -> {};

  private AtomicFiles() {}

  /**
   * Writes {@code target} atomically.
   *
   * @param target the file to create or replace
   * @param content what to write
   * @throws IOException when the directory cannot be written; the message names the file
   */
  static void write(Path target, Content content) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temporary;
    try {
      Files.createDirectories(directory);
      temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + reason(e), e);
    }
    try {
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary))) {
        content.writeTo(out);
      }
      beforeRename.accept(temporary, target);
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IOException("cannot write " + target + ": " + reason(e), e);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /**
   * Writes a UTF-8 text file atomically.
   *
   * @param target the file
   * @param text its content
   * @throws IOException when writing fails
   */
  static void writeString(Path target, String text) throws IOException {
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Deletes the temporary files that a killed process left in {@code directory}.
   *
   * @param directory the output directory
   * @throws IOException when the directory cannot be listed
   */
  static void deleteLeftovers(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, ".*.tmp")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  private static String reason(IOException e) {
    String kind = e.getClass().getSimpleName();
    return switch (kind) {
      case "AccessDeniedException" -> "permission denied";
      case "NoSuchFileException" -> "a directory on the way does not exist";
      case "FileSystemException", "NotDirectoryException", "FileAlreadyExistsException" ->
          "a path component is not a directory or cannot be created (" + e.getMessage() + ")";
      default -> e.getMessage();
    };
  }
}

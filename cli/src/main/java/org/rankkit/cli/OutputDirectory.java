package org.rankkit.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The output directory of a command: its default name, and checking and creating it with errors
 * that say what is wrong.
 */
final class OutputDirectory {

  private OutputDirectory() {}

  /**
   * The default output directory of a command: {@code runs/<command>-<yyyyMMdd-HHmmss>}.
   *
   * @param command the command's name, e.g. {@code train}
   * @return the directory, not yet created
   */
  static Path timestamped(String command) {
    return Path.of(
        "runs",
        command + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  /**
   * Creates {@code directory} (and its parents) unless it exists, and checks that it is a writable
   * directory.
   *
   * @param directory the directory
   * @param option the option that named it, e.g. {@code --out}
   * @throws IllegalArgumentException naming the directory and the reason
   */
  static void prepare(Path directory, String option) {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw new IllegalArgumentException(option + " " + directory + " is a file; give a directory");
    }
    try {
      Files.createDirectories(directory);
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          option + " " + directory + ": cannot create it, because " + e.getFile() + " is a file");
    } catch (AccessDeniedException e) {
      throw new IllegalArgumentException(
          option + " " + directory + ": cannot create it, permission denied at " + e.getFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          option + " " + directory + ": cannot create it (" + e + ")");
    }
    if (!Files.isWritable(directory)) {
      throw new IllegalArgumentException(
          option + " " + directory + ": the directory is not writable");
    }
  }
}

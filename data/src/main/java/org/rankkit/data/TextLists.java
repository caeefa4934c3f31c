package org.rankkit.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reading the list files of the dataset formats, with messages that name file and line. */
final class TextLists {

  private TextLists() {}

  /** One non-blank line of a list file, split on whitespace. */
  record Line(Path file, int number, String[] fields) {

    /** Returns field {@code i} as a long, or fails naming file, line and field. */
    long number(int i) {
      try {
        return Long.parseLong(fields[i]);
      } catch (NumberFormatException e) {
        throw error("field " + (i + 1) + " '" + fields[i] + "' is not an integer");
      }
    }

    DataException error(String what) {
      return new DataException(file + " line " + number + ": " + what);
    }
  }

  /**
   * Reads the non-blank lines of {@code file}, each split on whitespace into at least {@code
   * minFields} fields; {@code dataset} and {@code hint} complete the message for a missing file.
   */
  static List<Line> read(Path file, int minFields, String dataset, String hint) {
    if (!Files.isRegularFile(file)) {
      throw new DataException(dataset + ": list file " + file + " not found. " + hint);
    }
    List<String> raw;
    try {
      raw = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(dataset + ": cannot read " + file + ": " + e.getMessage(), e);
    }
    List<Line> lines = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      String text = raw.get(i).strip();
      if (text.isEmpty()) {
        continue;
      }
      Line line = new Line(file, i + 1, text.split("\\s+"));
      if (line.fields().length < minFields) {
        throw line.error("expected at least " + minFields + " fields, got '" + text + "'");
      }
      lines.add(line);
    }
    return lines;
  }
}

package org.rankkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.List;
import org.rankkit.compare.TextTable;

/** How commands print their result: indented JSON, or a text table. */
final class Printing {

  /** Indented JSON, as commands print it and write it to files. */
  static final ObjectMapper INDENTED_JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Printing() {}

  /**
   * Prints a value as indented JSON followed by a line break.
   *
   * @param out where it goes
   * @param value maps, lists, strings, numbers and booleans
   * @throws JsonProcessingException when the value cannot be written as JSON
   */
  static void json(PrintWriter out, Object value) throws JsonProcessingException {
    out.println(INDENTED_JSON.writeValueAsString(value));
  }

  /**
   * Prints either the JSON value or the table, then flushes.
   *
   * @param out where it goes
   * @param asJson whether {@code --json} was given
   * @param json the result as JSON: maps, lists, strings, numbers and booleans
   * @param table the result as a table: the header row, then one row per line
   * @throws JsonProcessingException when the value cannot be written as JSON
   */
  static void jsonOrTable(PrintWriter out, boolean asJson, Object json, List<String[]> table)
      throws JsonProcessingException {
    if (asJson) {
      json(out, json);
    } else {
      out.print(TextTable.render(table));
    }
    out.flush();
  }
}

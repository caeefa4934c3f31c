package org.rankkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code --json} option of a command whose result is one row of measurements: printed as one
 * JSON object, or by default as a table. A picocli mixin.
 */
final class JsonOrTableOption {

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  private boolean json;

  /**
   * Prints the result in the chosen form, then flushes.
   *
   * @param out where it goes
   * @param object the result as one JSON object
   * @param table the result as a table: the header row, then the values
   * @throws JsonProcessingException when the object cannot be written as JSON
   */
  void print(PrintWriter out, Object object, List<String[]> table) throws JsonProcessingException {
    Printing.jsonOrTable(out, json, object, table);
  }
}

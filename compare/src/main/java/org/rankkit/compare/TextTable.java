package org.rankkit.compare;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Renders rows of cells as a plain-text table for a terminal: every column as wide as its widest
 * cell, columns two spaces apart, trailing spaces stripped. The first row is the header. The one
 * table renderer of RankKit's command-line output (compare's ranked table, and every table the
 * {@code rankkit} commands print).
 */
public final class TextTable {

  private TextTable() {}

  /**
   * Renders a table with every column aligned left.
   *
   * @param rows rows of cells, header first; rows may have different lengths
   * @return the table, one line per row, each ending in a newline
   */
  public static String render(List<String[]> rows) {
    return render(rows, column -> false);
  }

  /**
   * Renders a table with the chosen columns aligned right (numbers) and the others left.
   *
   * @param rows rows of cells, header first; rows may have different lengths
   * @param alignRight whether column {@code c} (0-based) is aligned right
   * @return the table, one line per row, each ending in a newline
   */
  public static String render(List<String[]> rows, IntPredicate alignRight) {
    int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < row.length; c++) {
        String pad = " ".repeat(width[c] - row[c].length());
        line.append(alignRight.test(c) ? pad + row[c] : row[c] + pad).append("  ");
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}

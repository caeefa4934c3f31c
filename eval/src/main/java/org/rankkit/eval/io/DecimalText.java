package org.rankkit.eval.io;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Numbers in text files as people and numpy write them: plain decimals with an optional exponent
 * ({@code -1.5}, {@code .5}, {@code 2e-3}) and {@code nan} / {@code inf}. Java's own syntax that
 * {@link Double#parseDouble} also accepts (hexadecimal {@code 0x1p3}, type suffixes {@code 1.5d},
 * {@code 2f}) is refused, so a file is read the same way by RankKit and by numpy.
 */
final class DecimalText {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

  private DecimalText() {}

  /**
   * Parses a decimal number.
   *
   * @param cell the text, trimmed
   * @return the value
   * @throws NumberFormatException when it is not a plain decimal, {@code nan} or {@code inf}
   */
  static double parseDouble(String cell) {
    if (DECIMAL.matcher(cell).matches()) {
      return Double.parseDouble(cell);
    }
    switch (cell.toLowerCase(Locale.ROOT)) {
      case "nan", "+nan", "-nan":
        return Double.NaN;
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        throw new NumberFormatException(cell);
    }
  }

  /**
   * Whether the text is a plain integer (digits with an optional sign).
   *
   * @param cell the text, trimmed
   * @return true for an integer
   */
  static boolean isInteger(String cell) {
    return INTEGER.matcher(cell).matches();
  }

  /**
   * Removes a UTF-8 byte-order mark from the start of the first line.
   *
   * @param line the line
   * @param first whether it is the file's first line
   * @return the line without the mark
   */
  static String withoutBom(String line, boolean first) {
    return first && !line.isEmpty() && line.charAt(0) == '\uFEFF' ? line.substring(1) : line;
  }

  /**
   * Shows invisible characters of a cell in a message ({@code \\uFEFF}).
   *
   * @param cell the text
   * @return the text with format and control characters escaped
   */
  static String visible(String cell) {
    StringBuilder b = new StringBuilder();
    cell.codePoints()
        .forEach(
            c -> {
              if (Character.getType(c) == Character.FORMAT || Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", c));
              } else {
                b.appendCodePoint(c);
              }
            });
    return b.toString();
  }
}

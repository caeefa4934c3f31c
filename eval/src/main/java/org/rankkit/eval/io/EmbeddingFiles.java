package org.rankkit.eval.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Reads embedding matrices and label vectors by file extension: {@code .npy} (see {@link NpyFile})
 * or delimited text, {@code .csv} (comma) or {@code .tsv} (tab), one row per item, no header, blank
 * lines ignored. Messages name rows 0-based for {@code .npy} and by 1-based line number for text.
 */
public final class EmbeddingFiles {

  private EmbeddingFiles() {}

  /**
   * Reads an N × d embedding matrix: float32 .npy stays float32; float64, integer .npy and text
   * files become float64.
   *
   * @param file a .npy, .csv or .tsv file
   * @return the matrix
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is empty, malformed, of another shape or has a
   *     non-numeric value (naming the file, the row and the value)
   */
  public static Matrix readMatrix(Path file) throws IOException {
    String name = file.toString();
    requireReadable(file);
    if (isNpy(file)) {
      NpyFile.Content c = NpyFile.read(file);
      if (c.shape().length != 2) {
        throw new IllegalArgumentException(
            name
                + ": embeddings must be a 2-D array (items x dimensions), got shape "
                + java.util.Arrays.toString(c.shape()));
      }
      int rows = Math.toIntExact(c.shape()[0]);
      int cols = Math.toIntExact(c.shape()[1]);
      if (rows == 0 || cols == 0) {
        throw new IllegalArgumentException(
            name + ": has no data (shape " + rows + " x " + cols + ")");
      }
      ByteBuffer data = c.data();
      int count = rows * cols;
      switch (c.dtype()) {
        case FLOAT32 -> {
          float[] f = new float[count];
          data.asFloatBuffer().get(f);
          return new Matrix(name, rows, cols, f, null);
        }
        case FLOAT64 -> {
          double[] d = new double[count];
          data.asDoubleBuffer().get(d);
          return new Matrix(name, rows, cols, null, d);
        }
        case INT32 -> {
          double[] d = new double[count];
          for (int i = 0; i < count; i++) {
            d[i] = data.getInt(4 * i);
          }
          return new Matrix(name, rows, cols, null, d);
        }
        case INT64 -> {
          double[] d = new double[count];
          for (int i = 0; i < count; i++) {
            d[i] = data.getLong(8 * i);
          }
          return new Matrix(name, rows, cols, null, d);
        }
        default -> throw new IllegalStateException("unreachable dtype " + c.dtype());
      }
    }
    char delimiter = delimiter(file);
    java.util.List<double[]> rows = new java.util.ArrayList<>();
    int cols = -1;
    try (BufferedReader in = utf8(file, name)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        line = DecimalText.withoutBom(line, lineNo == 1);
        if (line.isBlank() && line.indexOf(delimiter) < 0) {
          continue; // a blank line; a line of only delimiters is a row of empty values, read below
        }
        String[] cells = line.split(delimiter == '\t' ? "\t" : ",", -1);
        if (cols < 0) {
          cols = cells.length;
        } else if (cells.length != cols) {
          throw new IllegalArgumentException(
              name
                  + ": line "
                  + lineNo
                  + " has "
                  + cells.length
                  + " values, earlier lines have "
                  + cols);
        }
        double[] row = new double[cols];
        for (int c = 0; c < cols; c++) {
          String cell = cells[c].trim();
          try {
            row[c] = DecimalText.parseDouble(cell);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                name
                    + ": line "
                    + lineNo
                    + ", column "
                    + (c + 1)
                    + ": '"
                    + DecimalText.visible(cell)
                    + "' is not a decimal number (allowed: e.g. -1.5, .5, 2e-3, nan, inf)");
          }
        }
        rows.add(row);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": file is empty (no rows)");
    }
    double[] d = new double[rows.size() * cols];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, d, r * cols, cols);
    }
    return new Matrix(name, rows.size(), cols, null, d);
  }

  /**
   * Reads integer labels, one per item: a 1-D (or N × 1) .npy of any supported dtype whose values
   * are integers, or a text file with one integer per line.
   *
   * @param file a .npy, .csv or .tsv file
   * @return the labels
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is empty, of another shape, or a value is not an
   *     integer (naming the file, the row and the value)
   */
  public static long[] readLabels(Path file) throws IOException {
    String name = file.toString();
    requireReadable(file);
    if (isNpy(file)) {
      NpyFile.Content c = NpyFile.read(file);
      long[] shape = c.shape();
      if (!(shape.length == 1 || (shape.length == 2 && shape[1] == 1))) {
        throw new IllegalArgumentException(
            name
                + ": labels must be a 1-D array (or N x 1), got shape "
                + java.util.Arrays.toString(shape));
      }
      int n = Math.toIntExact(shape[0]);
      if (n == 0) {
        throw new IllegalArgumentException(
            name + ": has no labels (shape " + java.util.Arrays.toString(shape) + ")");
      }
      ByteBuffer data = c.data();
      long[] labels = new long[n];
      for (int i = 0; i < n; i++) {
        switch (c.dtype()) {
          case INT32 -> labels[i] = data.getInt(4 * i);
          case INT64 -> labels[i] = data.getLong(8 * i);
          case FLOAT32 ->
              labels[i] = integral(name, "row " + i + " (0-based)", data.getFloat(4 * i));
          case FLOAT64 ->
              labels[i] = integral(name, "row " + i + " (0-based)", data.getDouble(8 * i));
          default -> throw new IllegalStateException("unreachable dtype " + c.dtype());
        }
      }
      return labels;
    }
    delimiter(file);
    java.util.List<Long> labels = new java.util.ArrayList<>();
    try (BufferedReader in = utf8(file, name)) {
      String line;
      int lineNo = 0;
      while ((line = in.readLine()) != null) {
        lineNo++;
        String cell = DecimalText.withoutBom(line, lineNo == 1).trim();
        if (cell.isEmpty()) {
          continue;
        }
        try {
          if (DecimalText.isInteger(cell)) {
            labels.add(Long.parseLong(cell));
          } else {
            labels.add(integral(name, "line " + lineNo, DecimalText.parseDouble(cell)));
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              name
                  + ": line "
                  + lineNo
                  + ": label '"
                  + DecimalText.visible(cell)
                  + "' is not an integer"
                  + " (one decimal integer per line, e.g. 7 or 7.0)");
        }
      }
    }
    if (labels.isEmpty()) {
      throw new IllegalArgumentException(name + ": file is empty (no labels)");
    }
    return labels.stream().mapToLong(Long::longValue).toArray();
  }

  private static BufferedReader utf8(Path file, String name) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return new BufferedReader(
          new java.io.StringReader(
              StandardCharsets.UTF_8
                  .newDecoder()
                  .decode(java.nio.ByteBuffer.wrap(bytes))
                  .toString()));
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(
          name + ": not UTF-8 text (a .csv/.tsv file must be UTF-8)");
    }
  }

  private static long integral(String name, String where, double v) {
    if (!Double.isFinite(v) || v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
      throw new IllegalArgumentException(
          name + ": " + where + ": label " + v + " is not an integer");
    }
    return (long) v;
  }

  private static void requireReadable(Path file) {
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(file + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException(file + ": not a readable file");
    }
  }

  private static boolean isNpy(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy");
  }

  private static char delimiter(Path file) {
    String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (lower.endsWith(".csv")) {
      return ',';
    }
    if (lower.endsWith(".tsv")) {
      return '\t';
    }
    throw new IllegalArgumentException(
        file + ": unsupported file type; use .npy, .csv (comma-separated) or .tsv (tab-separated)");
  }
}

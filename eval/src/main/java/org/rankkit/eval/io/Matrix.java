package org.rankkit.eval.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A dense row-major matrix read from a file: float32 data in {@code floats}, or float64 (also used
 * for integer files, exactly) in {@code doubles}; the other array is null.
 *
 * @param source the file it came from (for messages)
 * @param rows number of rows (items), ≥ 1
 * @param cols number of columns (dimensions), ≥ 1
 * @param floats float32 values, row-major, or null
 * @param doubles float64 values, row-major, or null
 */
public record Matrix(String source, int rows, int cols, float[] floats, double[] doubles) {

  /**
   * Checks that exactly one data array is present and that its length is rows × cols. The arrays
   * are not copied.
   *
   * @param source the file it came from (for messages)
   * @param rows number of rows (items), ≥ 1
   * @param cols number of columns (dimensions), ≥ 1
   * @param floats float32 values, row-major, or null
   * @param doubles float64 values, row-major, or null
   * @throws IllegalArgumentException naming {@code source} when both or neither array is given, the
   *     shape is empty or the length does not match
   */
  public Matrix {
    if ((floats == null) == (doubles == null)) {
      throw new IllegalArgumentException(
          source + ": exactly one of floats and doubles must be given");
    }
    if (rows < 1 || cols < 1) {
      throw new IllegalArgumentException(
          source + ": has no data (shape " + rows + " x " + cols + ")");
    }
    long length = floats != null ? floats.length : doubles.length;
    if (length != (long) rows * cols) {
      throw new IllegalArgumentException(
          source + ": " + length + " values do not fill " + rows + " x " + cols);
    }
  }

  /**
   * Returns value (row, col) as a double.
   *
   * @param row row index
   * @param col column index
   * @return the value
   */
  public double get(int row, int col) {
    int i = row * cols + col;
    return floats != null ? floats[i] : doubles[i];
  }

  /**
   * Checks that every row is finite and not all zeros, so that it can be L2-normalised.
   *
   * @return this matrix
   * @throws IllegalArgumentException naming the file, the first bad row (0-based) and the value
   */
  public Matrix requireNormalisableRows() {
    for (int r = 0; r < rows; r++) {
      boolean nonZero = false;
      for (int c = 0; c < cols; c++) {
        double v = get(r, c);
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException(
              source
                  + ": row "
                  + r
                  + " (0-based), column "
                  + c
                  + " is "
                  + v
                  + "; embeddings must be finite");
        }
        nonZero |= v != 0;
      }
      if (!nonZero) {
        throw new IllegalArgumentException(
            source + ": row " + r + " (0-based) is a zero vector and cannot be L2-normalised");
      }
    }
    return this;
  }

  /**
   * Copies the matrix into a new {@code rows × cols} array of {@code manager} (float32 or float64).
   *
   * @param manager where the array lives (and on which device)
   * @return the new array
   */
  public NDArray toNDArray(NDManager manager) {
    Shape shape = new Shape(rows, cols);
    return floats != null ? manager.create(floats, shape) : manager.create(doubles, shape);
  }
}

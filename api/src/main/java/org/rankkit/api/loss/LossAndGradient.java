package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A loss value and its gradient, as plain Java numbers: what a test compares with a brute-force
 * reference, what the golden-case evaluator reports and what {@code rankkit loss-check} prints.
 * The producer says with respect to what the gradient is taken: the similarities ({@code dL/dS},
 * {@code N × N}) or the embeddings ({@code dL/dE}, {@code B × d}).
 *
 * <p>The gradient is copied on construction; the accessor returns the record's own rows (no copy,
 * so that element-wise comparisons stay cheap), which callers must not modify. Equality is
 * identity (arrays have no value equality).
 *
 * @param loss the loss value
 * @param gradient the gradient, one Java array per row (rows may differ in length only if the
 *     producer says so; every built-in producer gives a rectangular matrix)
 */
public record LossAndGradient(double loss, double[][] gradient) {

  /**
   * Copies the gradient.
   *
   * @param loss the loss value
   * @param gradient the gradient rows (copied)
   * @throws NullPointerException when the gradient or one of its rows is null
   */
  public LossAndGradient {
    double[][] copy = new double[gradient.length][];
    for (int i = 0; i < copy.length; i++) {
      copy[i] = gradient[i].clone();
    }
    gradient = copy;
  }

  /**
   * Reads a loss value and a two-dimensional gradient from the engine, widened to float64.
   *
   * @param loss a scalar (any shape of one element, any floating or integer data type)
   * @param gradient a {@code rows × columns} array (not closed)
   * @return the loss value and the gradient's rows
   * @throws IllegalArgumentException when {@code loss} has more than one element or {@code
   *     gradient} is not two-dimensional
   */
  public static LossAndGradient read(NDArray loss, NDArray gradient) {
    if (loss.size() != 1) {
      throw new IllegalArgumentException(
          "the loss must be a scalar, got shape " + loss.getShape());
    }
    if (gradient.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "the gradient must be two-dimensional, got shape " + gradient.getShape());
    }
    double value;
    try (NDArray wide = loss.toType(DataType.FLOAT64, true)) {
      value = wide.toDoubleArray()[0];
    }
    return new LossAndGradient(value, rows(gradient));
  }

  /**
   * Copies a two-dimensional array out of the engine as float64 rows.
   *
   * @param matrix a {@code rows × columns} array (not closed)
   * @return its rows
   * @throws IllegalArgumentException when {@code matrix} is not two-dimensional
   */
  public static double[][] rows(NDArray matrix) {
    if (matrix.getShape().dimension() != 2) {
      throw new IllegalArgumentException(
          "expected a two-dimensional array, got shape " + matrix.getShape());
    }
    int r = (int) matrix.getShape().get(0);
    int c = (int) matrix.getShape().get(1);
    double[] flat;
    try (NDArray wide = matrix.toType(DataType.FLOAT64, true)) {
      flat = wide.toDoubleArray();
    }
    double[][] out = new double[r][c];
    for (int i = 0; i < r; i++) {
      System.arraycopy(flat, i * c, out[i], 0, c);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }

  @Override
  public String toString() {
    return "LossAndGradient[loss=" + loss + ", rows=" + gradient.length + "]";
  }
}

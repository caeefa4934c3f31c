package org.rankkit.golden;

/**
 * The result of evaluating a {@link LossCase}: the loss and its gradient with respect to the
 * case's embeddings. Arrays are copied on construction and by the accessor, so instances are
 * immutable and safe to share between threads; no NDArray is involved.
 *
 * @param loss the loss value
 * @param gradient {@code dL/dE}, {@code B × d}
 */
public record LossEvaluation(double loss, double[][] gradient) {

  /**
   * Copies the gradient.
   *
   * @param loss the loss value
   * @param gradient {@code dL/dE}, {@code B × d} (copied)
   */
  public LossEvaluation {
    gradient = copy(gradient);
  }

  /**
   * Returns a copy of the gradient.
   *
   * @return {@code dL/dE}, {@code B × d}
   */
  @Override
  public double[][] gradient() {
    return copy(gradient);
  }

  private static double[][] copy(double[][] a) {
    double[][] out = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
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
    return "LossEvaluation[loss=" + loss + ", B=" + gradient.length + "]";
  }
}

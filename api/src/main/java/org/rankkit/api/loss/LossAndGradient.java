package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.function.Function;

/**
 * A loss value and its gradient, as plain Java numbers: what a test compares with a brute-force
 * reference, what the golden-case evaluator reports and what {@code rankkit loss-check} prints. The
 * producer says with respect to what the gradient is taken: the similarities ({@code dL/dS}, {@code
 * N × N}) or the embeddings ({@code dL/dE}, {@code B × d}).
 *
 * <p>The gradient is copied on construction; the accessor returns the record's own rows (no copy,
 * so that element-wise comparisons stay cheap), which callers must not modify. {@link #compute}
 * runs a loss under autograd and returns one.
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
   * Computes a loss under autograd and returns its value and its gradient with respect to one
   * input: the harness every test, the golden-case evaluator and a plugin author's checks need. The
   * input's gradient requirement is switched on, {@code loss} runs inside a new {@link
   * GradientCollector}, and backward runs on the loss plus {@link EngineArrays#zeroLink} of the
   * input, so a loss that is a constant (no valid query) still gives exact zero gradients.
   *
   * <p>DJL allows one gradient collector per JVM at a time: do not call this while another is open.
   * Arrays made by {@code loss} stay in their managers (usually the input's, which the caller
   * closes).
   *
   * @param input the array to differentiate with respect to (similarities or embeddings), two-
   *     dimensional
   * @param loss computes the loss from the input (for embeddings: similarities, augmentation, loss)
   * @return the loss value and {@code dLoss/dInput}, widened to float64
   * @throws IllegalStateException when the loss is not a single value
   */
  public static LossAndGradient compute(NDArray input, Function<NDArray, NDArray> loss) {
    input.setRequiresGradient(true);
    double value;
    try (GradientCollector collector = input.getManager().getEngine().newGradientCollector()) {
      NDArray l = loss.apply(input);
      if (l.size() != 1) {
        throw new IllegalStateException("the loss has shape " + l.getShape() + ", not a scalar");
      }
      try (NDArray wide = l.toType(DataType.FLOAT64, true)) {
        value = wide.toDoubleArray()[0];
      }
      collector.backward(l.add(EngineArrays.zeroLink(input)));
    }
    try (NDArray gradient = input.getGradient()) {
      return new LossAndGradient(value, rows(gradient));
    }
  }

  private static double[][] rows(NDArray matrix) {
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
  public String toString() {
    return "LossAndGradient[loss=" + loss + ", rows=" + gradient.length + "]";
  }
}

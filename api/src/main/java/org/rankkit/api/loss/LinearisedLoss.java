package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * Hands a loss whose value {@code L} and gradient {@code G = dL/dS} were computed outside autograd
 * (in a fused Java kernel, or with engine ops on detached similarities) back to autograd.
 *
 * <p>The returned scalar is {@code sum(S ⊙ G) − stopGradient(sum(S ⊙ G)) + L}: its value is exactly
 * {@code L} and its gradient with respect to {@code S} is exactly {@code G}, so a {@link
 * RankingLoss} can return it from {@link RankingLoss#compute} and backpropagation reaches the
 * embeddings through {@code S}. The backward pass keeps only {@code S} and {@code G}, not the
 * loss's own intermediates (for recall-at-k these are {@code N × N × P} sigmoids). Every built-in
 * loss ends this way; plugin authors whose loss is not written in engine ops can do the same.
 *
 * <p>Memory: autograd keeps {@code G} (and the row index, for {@link #ofRows}) until the backward
 * pass, after the caller has closed its own handles. On the CPU an array made by {@code
 * NDManager.create(...)} from Java data borrows a Java buffer that is freed with it, so such an
 * array must be copied first with {@link EngineArrays#owned}; arrays produced by engine ops are
 * fine.
 */
public final class LinearisedLoss {

  private LinearisedLoss() {}

  /**
   * Returns the scalar whose value is {@code loss} and whose gradient with respect to {@code S} is
   * {@code gradient}.
   *
   * @param similarities the {@code N × N} similarities {@code S} (possibly requiring gradients)
   * @param gradient {@code dL/dS}, {@code N × N}, same data type and device as {@code S}, in
   *     engine-owned memory
   * @param loss the loss value
   * @return a scalar of {@code S}'s data type, attached to {@code S}'s manager
   * @throws IllegalArgumentException if the shapes or data types differ
   */
  public static NDArray of(NDArray similarities, NDArray gradient, double loss) {
    requireSameType(similarities, gradient);
    if (!similarities.getShape().equals(gradient.getShape())) {
      throw new IllegalArgumentException(
          "gradient shape "
              + gradient.getShape()
              + " must equal the similarities' shape "
              + similarities.getShape());
    }
    try (NDManager scope = similarities.getManager().newSubManager(similarities.getDevice())) {
      NDArray flat = similarities.reshape(-1);
      flat.attach(scope);
      NDArray gradFlat = gradient.reshape(-1);
      gradFlat.attach(scope);
      NDArray linear = flat.dot(gradFlat);
      linear.attach(scope);
      return close(linear, similarities, loss, scope);
    }
  }

  /**
   * Like {@link #of}, for a loss that depends on some rows {@code R} of {@code S} only (the query
   * rows): the gradient is {@code gradientRows} on rows {@code R} and 0 elsewhere, and only {@code
   * S_R} and {@code G_R} ({@code |R| × N}) are kept for the backward pass.
   *
   * @param similarities the {@code N × N} similarities {@code S} (possibly requiring gradients)
   * @param rows the distinct rows {@code R}, each in {@code [0, N)}; may be empty (then {@code
   *     gradientRows} is ignored and may be {@code null})
   * @param gradientRows {@code |R| × N} gradient rows in the order of {@code rows}, same data type
   *     and device as {@code S}, in engine-owned memory
   * @param loss the loss value
   * @return a scalar of {@code S}'s data type, attached to {@code S}'s manager
   * @throws IllegalArgumentException if a row is out of range or the shapes or data types differ
   */
  public static NDArray ofRows(
      NDArray similarities, int[] rows, NDArray gradientRows, double loss) {
    long n = similarities.getShape().get(0);
    for (int r : rows) {
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException("row " + r + " is outside [0, " + n + ")");
      }
    }
    if (rows.length == 0) {
      return constant(similarities, loss);
    }
    requireSameType(similarities, gradientRows);
    Shape expected = new Shape(rows.length, n);
    if (!gradientRows.getShape().equals(expected)) {
      throw new IllegalArgumentException(
          "gradient rows have shape "
              + gradientRows.getShape()
              + "; "
              + rows.length
              + " rows of "
              + n
              + " similarities need "
              + expected);
    }
    if (isIdentity(rows, n)) {
      return of(similarities, gradientRows, loss); // every row: no gather, no scatter in backward
    }
    try (NDManager scope = similarities.getManager().newSubManager(similarities.getDevice())) {
      long[] index = Arrays.stream(rows).asLongStream().toArray();
      NDArray sRows = similarities.get(EngineArrays.owned(scope.create(index)));
      sRows.attach(scope);
      NDArray product = sRows.mul(gradientRows);
      product.attach(scope);
      NDArray linear = product.sum();
      linear.attach(scope);
      return close(linear, similarities, loss, scope);
    }
  }

  /**
   * Returns a scalar with value {@code loss} and gradient 0 that is still connected to {@code S} (a
   * batch without positives: backpropagation runs and gives exact zeros).
   *
   * @param similarities the similarities {@code S} (possibly requiring gradients)
   * @param loss the loss value
   * @return a scalar of {@code S}'s data type, attached to {@code S}'s manager
   */
  public static NDArray constant(NDArray similarities, double loss) {
    try (NDManager scope = similarities.getManager().newSubManager(similarities.getDevice())) {
      NDArray total = similarities.sum();
      total.attach(scope);
      // an engine-allocated 0 (a Java scalar would be freed before backward reads it)
      NDArray zero = scope.zeros(new Shape(), similarities.getDataType());
      NDArray linear = total.mul(zero);
      linear.attach(scope);
      return close(linear, similarities, loss, scope);
    }
  }

  private static NDArray close(NDArray linear, NDArray similarities, double loss, NDManager scope) {
    DataType dtype = similarities.getDataType();
    NDArray value = dtype == DataType.FLOAT64 ? scope.create(loss) : scope.create((float) loss);
    NDArray frozen = linear.stopGradient();
    frozen.attach(scope);
    NDArray zero = linear.sub(frozen);
    zero.attach(scope);
    NDArray out = zero.add(value);
    out.attach(similarities.getManager());
    return out;
  }

  private static void requireSameType(NDArray similarities, NDArray gradient) {
    if (gradient == null) {
      throw new IllegalArgumentException("gradient is null");
    }
    if (gradient.getDataType() != similarities.getDataType()) {
      throw new IllegalArgumentException(
          "gradient is "
              + gradient.getDataType()
              + " but the similarities are "
              + similarities.getDataType()
              + "; they must have the same data type");
    }
    if (!gradient.getDevice().equals(similarities.getDevice())) {
      throw new IllegalArgumentException(
          "gradient is on "
              + gradient.getDevice()
              + " but the similarities are on "
              + similarities.getDevice());
    }
  }

  private static boolean isIdentity(int[] rows, long n) {
    if (rows.length != n) {
      return false;
    }
    for (int i = 0; i < rows.length; i++) {
      if (rows[i] != i) {
        return false;
      }
    }
    return true;
  }
}

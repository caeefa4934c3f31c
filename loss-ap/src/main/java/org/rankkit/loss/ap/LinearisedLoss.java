package org.rankkit.loss.ap;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Hands a loss whose value and gradient were computed without autograd to autograd: for the rows
 * {@code R} of the similarity matrix that the loss depends on and their gradient {@code G = dL/dS_R},
 * returns {@code sum(S_R ⊙ G) − stopGradient(sum(S_R ⊙ G)) + L}, whose value is exactly {@code L}
 * and whose gradient with respect to {@code S} is {@code G} on rows {@code R} and 0 elsewhere. Only
 * {@code S_R} and {@code G} ({@code |R| × N}) are kept for the backward pass.
 */
final class LinearisedLoss {

  private LinearisedLoss() {}

  /**
   * Builds the scalar.
   *
   * @param similarities the {@code N × N} similarities (possibly requiring gradients)
   * @param scope a manager closed by the caller after this returns; temporaries go there
   * @param rows the rows {@code R} of {@code S} the gradient covers (may be empty)
   * @param gradRows {@code |R| × N} gradient rows, same data type and device as {@code S}, in
   *     engine-owned memory (see {@link #engineOwned}), or {@code null} when {@code rows} is empty
   * @param loss the loss value
   * @return a scalar of {@code S}'s data type attached to {@code S}'s manager
   */
  static NDArray assemble(
      NDArray similarities, NDManager scope, int[] rows, NDArray gradRows, double loss) {
    long n = similarities.getShape().get(0);
    long[] index;
    NDArray g;
    if (rows.length == 0) {
      index = new long[] {0};
      g = scope.zeros(new Shape(1, n), similarities.getDataType());
    } else {
      index = new long[rows.length];
      for (int i = 0; i < rows.length; i++) {
        index[i] = rows[i];
      }
      g = gradRows;
    }
    NDArray product;
    if (isIdentity(rows, n)) {
      product = similarities.mul(g); // every row: no gather (and no scatter in backward)
    } else {
      NDArray sRows = similarities.get(engineOwned(scope.create(index)));
      sRows.attach(scope);
      product = sRows.mul(g);
    }
    product.attach(scope);
    NDArray linear = product.sum();
    NDArray value = scope.create(loss).toType(similarities.getDataType(), false);
    NDArray out = linear.sub(linear.stopGradient()).add(value);
    out.attach(similarities.getManager());
    return out;
  }

  /**
   * Returns a copy of an array made by {@code NDManager.create(...)} whose memory the engine owns.
   * On the CPU, DJL's PyTorch engine wraps the Java direct buffer of a created array, which is freed
   * once the array is closed and collected; autograd keeps some operands (gather indices, the
   * factor of a product) until the backward pass, after this method's caller has closed them, so
   * those operands must be engine-allocated. The copy joins the same manager.
   *
   * @param created an array from {@code NDManager.create}
   * @return an engine-allocated copy
   */
  static NDArray engineOwned(NDArray created) {
    return created.mul(1);
  }

  /** Whether {@code rows} is exactly {@code 0, 1, ..., n-1}. */
  static boolean isIdentity(int[] rows, long n) {
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

package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** The check every loss makes before it ranks anything: no NaN or infinite similarity. */
public final class FiniteSimilarities {

  private FiniteSimilarities() {}

  /**
   * Rejects similarities with NaN or infinite entries (one reduction in the common case: a finite
   * sum means every entry is finite; otherwise the entries are checked one by one).
   *
   * @param s the similarities (not modified, not closed)
   * @param lossId the loss's id, for the message
   * @throws IllegalArgumentException when an entry is NaN or infinite
   */
  public static void require(NDArray s, String lossId) {
    try (NDArray detached = s.stopGradient();
        NDArray sum = detached.sum();
        NDArray wide = sum.toType(DataType.FLOAT64, true)) {
      if (Double.isFinite(wide.getDouble())) {
        return;
      }
    }
    try (NDArray nan = s.isNaN();
        NDArray inf = s.isInfinite();
        NDArray bad = nan.logicalOr(inf);
        NDArray any = bad.any()) {
      if (any.getBoolean()) {
        throw new IllegalArgumentException(
            "similarities contain NaN or infinite values; "
                + lossId
                + " needs finite similarities (check the embeddings)");
      }
    }
  }
}

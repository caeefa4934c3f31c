package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.rankkit.api.loss.RankingLoss;

/** A simple differentiable loss written for these tests. */
final class TestObjectives {

  private TestObjectives() {}

  /**
   * A contrastive-style loss on the similarities: {@code (1 - s)^2} for positive pairs, {@code
   * max(0, s - 0.2)^2} for negative pairs, averaged over the ordered pairs {@code q ≠ z} of query
   * rows.
   */
  static RankingLoss contrastive() {
    return batch -> {
      NDArray s = batch.similarities();
      NDManager m = s.getManager();
      int n = batch.size();
      double[] pos = new double[n * n];
      double[] neg = new double[n * n];
      int pairs = 0;
      for (int q = 0; q < n; q++) {
        if (!batch.isQuery(q)) {
          continue;
        }
        for (int z = 0; z < n; z++) {
          if (z != q) {
            pairs++;
            if (batch.label(q) == batch.label(z)) {
              pos[q * n + z] = 1;
            } else {
              neg[q * n + z] = 1;
            }
          }
        }
      }
      NDArray posMask = m.create(pos, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray negMask = m.create(neg, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray posTerm = s.neg().add(1).square().mul(posMask);
      NDArray negTerm = s.sub(0.2).maximum(0).square().mul(negMask);
      return posTerm.add(negTerm).sum().div(Math.max(1, pairs));
    };
  }
}

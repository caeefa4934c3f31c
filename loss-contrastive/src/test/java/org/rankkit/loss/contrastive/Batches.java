package org.rankkit.loss.contrastive;

import ai.djl.ndarray.types.DataType;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;

/** Runs a loss with the test kit's {@link ArrayBatches#run}, returning {@link ContrastiveReference.Result}. */
final class Batches {

  private Batches() {}

  static ContrastiveReference.Result run(
      RankingLoss loss, double[][] s, long[] y, boolean[] queries, int realCount, DataType dtype) {
    ArrayBatches.ValueAndGradient r = ArrayBatches.run(loss, s, y, queries, realCount, dtype);
    return new ContrastiveReference.Result(r.value(), r.grad());
  }
}

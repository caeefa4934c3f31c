package org.rankkit.loss.ap;

import ai.djl.ndarray.types.DataType;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;

/** Runs a loss with the test kit's {@link ArrayBatches#run}, returning {@link SpecReference.Result}. */
final class Batches {

  private Batches() {}

  static SpecReference.Result run(
      RankingLoss loss, double[][] s, long[] y, boolean[] queries, int realCount, DataType dtype) {
    ArrayBatches.ValueAndGradient r = ArrayBatches.run(loss, s, y, queries, realCount, dtype);
    return new SpecReference.Result(r.value(), r.grad());
  }
}

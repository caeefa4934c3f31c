package org.rankkit.loss.ap;

import ai.djl.ndarray.types.DataType;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;

/** Runs a loss with the test kit's {@link ArrayBatches#run}. */
final class Batches {

  private Batches() {}

  static LossAndGradient run(
      RankingLoss loss, double[][] s, long[] y, boolean[] queries, int realCount, DataType dtype) {
    return ArrayBatches.run(loss, s, y, queries, realCount, dtype);
  }
}

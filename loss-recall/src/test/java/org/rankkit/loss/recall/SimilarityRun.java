package org.rankkit.loss.recall;

import ai.djl.ndarray.types.DataType;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;

/**
 * Test helper: runs a loss on a similarity matrix that is itself the autograd leaf (the test kit's
 * {@link ArrayBatches#run}, which also fails unless the loss is a scalar of {@code dtype}).
 */
final class SimilarityRun {

  private SimilarityRun() {}

  static LossAndGradient run(
      RankingLoss loss,
      double[][] s,
      long[] labels,
      boolean[] queryMask,
      int realCount,
      DataType dtype) {
    return ArrayBatches.run(loss, s, labels, queryMask, realCount, dtype);
  }

  static boolean[] allTrue(int n) {
    return ArrayBatches.allQueries(n);
  }
}

package org.rankkit.loss.contrastive;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.ArrayBatches;
import org.rankkit.testkit.LossHarness;

/**
 * Arrays that autograd keeps until backward must own their memory (DJL's {@code create} on the CPU
 * wraps a Java buffer freed after close): the loss is computed, the garbage collector runs and
 * fresh direct buffers overwrite freed memory, then backward must still give the reference.
 */
class GradientOwnershipTest {

  static {
    DjlDefaults.applyOffline();
  }

  @ParameterizedTest(name = "{0} budget={1} {2}")
  @CsvSource({
    "FLOAT64,1,engine",
    "FLOAT32,1,engine",
    "FLOAT64,9223372036854775807,engine",
    "FLOAT64,1,auto",
    "FLOAT32,1,auto"
  })
  void gradientSurvivesGarbageCollectionBeforeBackward(DataType dtype, long budget, String impl) {
    int n = 200;
    double[][] s = ArrayBatches.similarities(n, 16, true, 52);
    long[] y = ArrayBatches.labels(n, 40, 53);
    boolean[] q = ArrayBatches.allQueries(n);
    q[3] = false;
    LossAndGradient want = ContrastiveReference.loss(s, y, q, 1.0, 0.2);
    RankingLoss loss = new ContrastiveLoss(new ContrastiveConfig(1.0, 0.2, impl), budget);
    double[][] gradient = LossHarness.similarityGradientAfterOverwrite(loss, s, y, q, dtype);
    assertThat(ArrayBatches.maxAbsDiff(gradient, want.gradient())).isLessThan(1e-9);
  }
}

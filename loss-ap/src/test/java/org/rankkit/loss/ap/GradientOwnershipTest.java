package org.rankkit.loss.ap;

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
 * The arrays that autograd keeps for the backward pass must own their memory: on the CPU, DJL's
 * {@code NDManager.create(array)} wraps a Java direct buffer that is freed once the NDArray is
 * closed and collected. Here the loss is computed, the garbage collector runs and fresh direct
 * buffers overwrite freed memory, and only then does backward run; its gradient must still match
 * the reference.
 */
class GradientOwnershipTest {

  static {
    DjlDefaults.applyOffline();
  }

  @ParameterizedTest(name = "{0} {1} {2} chunk={3} singleton={4}")
  @CsvSource({
    "smooth-ap,fused-cpu,FLOAT64,0,true", "smooth-ap,fused-cpu,FLOAT32,0,true",
    "smooth-ap,engine,FLOAT64,0,true", "smooth-ap,fused-cpu,FLOAT64,300,false",
    "smooth-ap,fused-cpu,FLOAT32,300,false", "smooth-ap,engine,FLOAT32,300,false",
    "fast-ap,fused-cpu,FLOAT64,0,true", "fast-ap,fused-cpu,FLOAT32,0,true",
    "fast-ap,engine,FLOAT64,0,true", "fast-ap,fused-cpu,FLOAT64,0,false"
  })
  void gradientSurvivesGarbageCollectionBeforeBackward(
      String id, String impl, DataType dtype, int chunk, boolean singleton) {
    int n = 300;
    double[][] s = ArrayBatches.similarities(n, 16, true, 42);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = (i * 7) % 60; // 5 per class
    }
    if (singleton) {
      y[0] = -1; // not every row is a query, so rows are gathered
    }
    boolean[] q = ArrayBatches.allQueries(n);
    RankingLoss loss =
        id.equals("smooth-ap")
            ? new SmoothApLoss(new SmoothApConfig(0.05, chunk, 1L << 20, impl))
            : new FastApLoss(new FastApConfig(10, impl));
    LossAndGradient want =
        id.equals("smooth-ap")
            ? SpecReference.smoothAp(s, y, q, 0.05)
            : SpecReference.fastAp(s, y, q, 10);
    double[][] gradient = LossHarness.similarityGradientAfterOverwrite(loss, s, y, q, dtype);
    assertThat(ArrayBatches.maxAbsDiff(gradient, want.gradient()))
        .isLessThan(dtype == DataType.FLOAT64 ? 1e-12 : 1e-5);
  }
}

package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.LossAndGradient;

/** The fused kernel's results do not depend on the number of threads nor on the task size. */
class FusedRecallKernelTest {

  static LossAndGradient run(RecallChunkingTest.Batch batch, RecallAtKConfig config) {
    return SimilarityRun.run(
        new RecallAtKLoss(config.withImplementation("fused-cpu")),
        batch.s(),
        batch.labels(),
        batch.queryMask(),
        batch.realCount(),
        DataType.FLOAT64);
  }

  @Test
  void bitIdenticalOnOneThreadAndOnTheCommonPoolWithAnyTaskSize() throws Exception {
    RecallChunkingTest.Batch batch =
        RecallChunkingTest.withSimix(RecallChunkingTest.plain(40, 4, 8, 61), true, 62);
    RecallAtKConfig config = RecallAtKConfig.defaults();
    LossAndGradient pooled = run(batch, config);
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      LossAndGradient alone = single.submit(() -> run(batch, config.withQueryChunk(3))).get();
      assertThat(alone.loss()).isEqualTo(pooled.loss());
      for (int q = 0; q < batch.size(); q++) {
        assertThat(alone.gradient()[q]).as("row %d", q).isEqualTo(pooled.gradient()[q]);
      }
    } finally {
      single.shutdown();
    }
    assertThat(pooled.loss()).isPositive();
  }

  @Test
  void toDerivativesReturnsTheSumAndKeepsDerivativesAndTheirSum() {
    double[] a = {0.5, 0.5, 0.25, 1, 0, 0.5, 0.5, 0.5, 0.5};
    double[] sums = new double[2];
    assertThat(FusedRecallKernel.toDerivatives(a, sums, 1)).isEqualTo(4.25);
    assertThat(sums[1]).isEqualTo(0.25 * 6 + 0.1875);
    assertThat(a).containsExactly(0.25, 0.25, 0.1875, 0, 0, 0.25, 0.25, 0.25, 0.25);
  }
}

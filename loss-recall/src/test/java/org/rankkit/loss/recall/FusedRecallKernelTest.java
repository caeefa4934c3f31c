package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.SimilarityBatch;

/** The fused kernel's results do not depend on the number of threads nor on the task size. */
class FusedRecallKernelTest {

  record Output(double lossSum, double[][] gradient) {}

  static Output run(RecallChunkingTest.Batch batch, RecallAtKConfig config) {
    int n = batch.size();
    QueryPlan plan;
    try (NDManager manager = NDManager.newBaseManager()) {
      plan =
          QueryPlan.of(
              new SimilarityBatch(
                  manager.zeros(new Shape(n, n)), batch.labels(), batch.queryMask(),
                  batch.realCount(), null),
              config);
    }
    double[][] gradient = new double[n][];
    double sum =
        new FusedRecallKernel(config, plan)
            .run(
                0,
                n,
                (row, out, staging) -> System.arraycopy(batch.s()[row], 0, out, 0, n),
                (row, values, staging) -> gradient[row] = values.clone());
    return new Output(sum, gradient);
  }

  @Test
  void bitIdenticalOnOneThreadAndOnTheCommonPoolWithAnyTaskSize() throws Exception {
    RecallChunkingTest.Batch batch =
        RecallChunkingTest.withSimix(RecallChunkingTest.plain(40, 4, 8, 61), true, 62);
    RecallAtKConfig config = RecallAtKConfig.defaults();
    Output pooled = run(batch, config);
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      Output alone = single.submit(() -> run(batch, config.withQueryChunk(3))).get();
      assertThat(alone.lossSum()).isEqualTo(pooled.lossSum());
      for (int q = 0; q < batch.size(); q++) {
        assertThat(alone.gradient()[q]).as("row %d", q).isEqualTo(pooled.gradient()[q]);
      }
    } finally {
      single.shutdown();
    }
    assertThat(pooled.lossSum()).isPositive();
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

package org.rankkit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InBatchRecallEvaluatorTest {

  /** Recall@k by brute force: sort the other items by similarity (ties: positives first). */
  private static double bruteForce(float[] e, long[] labels, int d, int k) {
    int n = labels.length;
    int hits = 0;
    for (int q = 0; q < n; q++) {
      double best = Double.NEGATIVE_INFINITY;
      boolean any = false;
      for (int z = 0; z < n; z++) {
        if (z != q && labels[z] == labels[q]) {
          any = true;
          best = Math.max(best, dot(e, q, z, d));
        }
      }
      int above = 0;
      for (int z = 0; z < n; z++) {
        if (z != q && labels[z] != labels[q] && dot(e, q, z, d) > best) {
          above++;
        }
      }
      hits += any && above < k ? 1 : 0;
    }
    return (double) hits / n;
  }

  private static double dot(float[] e, int a, int b, int d) {
    double s = 0;
    for (int i = 0; i < d; i++) {
      s += (double) e[a * d + i] * e[b * d + i];
    }
    return s;
  }

  @Test
  void matchesBruteForceAndAccumulatesOverBatches() {
    Random random = new Random(4);
    int n = 30;
    int d = 3;
    try (NDManager manager = NDManager.newBaseManager()) {
      for (int k : new int[] {1, 2, 5}) {
        InBatchRecallEvaluator evaluator = new InBatchRecallEvaluator(k);
        assertThat(evaluator.getName()).isEqualTo("recall@" + k);
        evaluator.addAccumulator("t");
        double expectedTotal = 0;
        for (int batch = 0; batch < 3; batch++) {
          float[] e = new float[n * d];
          long[] labels = new long[n];
          for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(12); // some singletons: misses by definition
            for (int j = 0; j < d; j++) {
              e[i * d + j] = (float) random.nextGaussian();
            }
          }
          NDList predictions = new NDList(manager.create(e, new Shape(n, d)));
          NDList ids = new NDList(manager.create(labels));
          double expected = bruteForce(e, labels, d, k);
          expectedTotal += expected;
          int before = manager.getManagedArrays().size();
          NDArray perItem = evaluator.evaluate(ids, predictions);
          assertThat(perItem.sum().getLong() / (double) n).isEqualTo(expected);
          evaluator.updateAccumulator("t", ids, predictions);
          assertThat(manager.getManagedArrays().size()).isLessThanOrEqualTo(before + 2);
        }
        assertThat((double) evaluator.getAccumulator("t"))
            .isCloseTo(expectedTotal / 3, org.assertj.core.api.Assertions.within(1e-6));
      }
    }
  }

  @Test
  void rejectsNonPositiveK() {
    assertThatThrownBy(() -> new InBatchRecallEvaluator(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 1");
  }
}

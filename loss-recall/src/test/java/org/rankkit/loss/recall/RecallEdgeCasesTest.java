package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.SimilarityBatch;

/** No valid query, masked queries, bad values and data types, for both implementations. */
class RecallEdgeCasesTest {

  static RecallAtKLoss loss(String implementation) {
    return new RecallAtKLoss(RecallAtKConfig.defaults().withImplementation(implementation));
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused-cpu", "engine"})
  void noValidQueryGivesExactlyZeroAndAZeroGradient(String implementation) {
    double[][] s = RecallReferenceTest.randomSimilarities(5, 3);
    LossAndGradient singletons =
        SimilarityRun.run(
            loss(implementation),
            s,
            new long[] {1, 2, 3, 4, 5},
            SimilarityRun.allTrue(5),
            5,
            DataType.FLOAT32);
    // (SimilarityRun.run fails unless the loss is a float32 scalar)
    assertThat(singletons.loss()).isZero();
    for (double[] row : singletons.gradient()) {
      assertThat(row).containsOnly(0.0);
    }
    // positives exist, but only the items without positives are queries
    LossAndGradient masked =
        SimilarityRun.run(
            loss(implementation),
            s,
            new long[] {1, 1, 3, 4, 5},
            new boolean[] {false, false, true, true, true},
            5,
            DataType.FLOAT64);
    assertThat(masked.loss()).isZero();
    for (double[] row : masked.gradient()) {
      assertThat(row).containsOnly(0.0);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused-cpu", "engine"})
  void singleItemBatchIsZero(String implementation) {
    LossAndGradient one =
        SimilarityRun.run(
            loss(implementation),
            new double[][] {{1.0}},
            new long[] {7},
            SimilarityRun.allTrue(1),
            1,
            DataType.FLOAT64);
    assertThat(one.loss()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused-cpu", "engine"})
  void nonFiniteSimilaritiesAreAClearError(String implementation) {
    double[][] s = RecallReferenceTest.randomSimilarities(6, 4);
    s[4][1] = Double.NaN; // row 4 is not a query: still rejected, it would poison the gradient
    assertNonFiniteRejected(
        implementation, s, new boolean[] {true, true, true, true, false, true}, DataType.FLOAT64);
    s[4][1] = 0.1;
    s[2][5] = Double.NaN; // in a valid query's row
    assertNonFiniteRejected(implementation, s, SimilarityRun.allTrue(6), DataType.FLOAT64);
    s[2][5] = 0.2;
    s[0][2] = Double.POSITIVE_INFINITY;
    assertNonFiniteRejected(implementation, s, SimilarityRun.allTrue(6), DataType.FLOAT32);
  }

  /** Asserts that the loss refuses the 6 × 6 similarities {@code s} as not finite. */
  private static void assertNonFiniteRejected(
      String implementation, double[][] s, boolean[] queries, DataType dtype) {
    assertThatThrownBy(
            () ->
                SimilarityRun.run(
                    loss(implementation), s, new long[] {0, 0, 1, 1, 2, 3}, queries, 6, dtype))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NaN or infinite");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused-cpu", "engine"})
  void integerSimilaritiesAreRejected(String implementation) {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray s = manager.ones(new Shape(3, 3), DataType.INT32);
      assertThatThrownBy(
              () -> loss(implementation).compute(SimilarityBatch.of(s, new long[] {1, 1, 2})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("float32 or float64");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fused-cpu", "engine"})
  void rawUnnormalisedHugeSimilaritiesStayFinite(String implementation) {
    // differences of 40 at tauSim 0.01: exponents of ±4000 take the per-pair fallback
    double[][] s = RecallReferenceTest.randomSimilarities(8, 5);
    for (int i = 0; i < 8; i++) {
      for (int j = 0; j < 8; j++) {
        s[i][j] *= 100;
      }
    }
    long[] labels = {0, 0, 1, 1, 2, 2, 0, 1};
    RecallAtKConfig config = RecallAtKConfig.defaults();
    LossAndGradient r =
        SimilarityRun.run(
            loss(implementation), s, labels, SimilarityRun.allTrue(8), 8, DataType.FLOAT64);
    assertThat(r.loss())
        .isCloseTo(
            BruteForceRecall.loss(s, labels, SimilarityRun.allTrue(8), config),
            org.assertj.core.data.Offset.offset(1e-12));
    for (double[] row : r.gradient()) {
      for (double v : row) {
        assertThat(v).isFinite();
      }
    }
  }
}

package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rankkit.api.loss.LossAndGradient;

/**
 * Both implementations against the brute-force loops of {@link BruteForceRecall} on random
 * similarity matrices (not symmetric, any labels, masked queries): the value to 1e-10 and dL/dS to
 * central differences of the brute force.
 */
class RecallReferenceTest {

  record Scenario(
      String name,
      long[] labels,
      boolean[] queryMask,
      int realCount,
      RecallAtKConfig config,
      long seed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static RecallAtKConfig config(
      List<Integer> ks, double tauSim, List<Double> tauRank, boolean includeQuery) {
    return new RecallAtKConfig(
        ks, tauSim, tauRank, includeQuery, 0, RecallAtKConfig.DEFAULT_MEMORY_BUDGET_BYTES, "auto");
  }

  static Stream<Arguments> scenarios() {
    boolean[] all11 = SimilarityRun.allTrue(11);
    boolean[] virtualGallery = SimilarityRun.allTrue(11);
    for (int i = 7; i < 11; i++) {
      virtualGallery[i] = false;
    }
    List<Scenario> list =
        List.of(
            new Scenario(
                "defaults, imbalanced unsorted labels with singletons",
                new long[] {5, 2, 5, 9, 2, 5, 7, 2, 5, 2, 11},
                all11,
                11,
                config(List.of(1, 2, 4, 8, 16), 0.1, List.of(1.0), false),
                1),
            new Scenario(
                "includeQuery, tauRank per k",
                new long[] {1, 1, 1, 0, 0, 0, 2, 2, 1, 0, 2},
                all11,
                11,
                config(List.of(1, 3, 5), 0.2, List.of(0.5, 1.0, 2.0), true),
                2),
            new Scenario(
                "virtual rows are gallery items only",
                new long[] {1, 1, 0, 0, 2, 2, 1, 1, 0, 2, 2},
                virtualGallery,
                7,
                config(List.of(1, 2, 4), 0.1, List.of(1.0), false),
                3),
            new Scenario(
                "one class, k above the pool",
                new long[] {3, 3, 3, 3, 3, 3},
                SimilarityRun.allTrue(6),
                6,
                config(List.of(1, 2, 64), 0.15, List.of(1.0), false),
                4),
            new Scenario(
                "sharp temperature",
                new long[] {0, 1, 0, 1, 0, 1, 2, 2},
                SimilarityRun.allTrue(8),
                8,
                config(List.of(1, 2, 4), 0.05, List.of(0.3), false),
                5));
    return list.stream()
        .flatMap(s -> Stream.of("fused-cpu", "engine").map(impl -> Arguments.of(s, impl)));
  }

  static double[][] randomSimilarities(int n, long seed) {
    Random random = new Random(seed);
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s[i][j] = random.nextDouble() * 0.6 - 0.3;
      }
    }
    return s;
  }

  @ParameterizedTest(name = "{0} [{1}]")
  @MethodSource("scenarios")
  void matchesBruteForceValueAndNumericGradient(Scenario scenario, String implementation) {
    int n = scenario.labels().length;
    double[][] s = randomSimilarities(n, scenario.seed());
    RecallAtKConfig config = scenario.config().withImplementation(implementation);
    LossAndGradient result =
        SimilarityRun.run(
            new RecallAtKLoss(config),
            s,
            scenario.labels(),
            scenario.queryMask(),
            scenario.realCount(),
            DataType.FLOAT64);
    double expected =
        BruteForceRecall.loss(s, scenario.labels(), scenario.queryMask(), scenario.config());
    assertThat(expected).isBetween(0.0, 1.0);
    assertThat(result.loss()).isCloseTo(expected, within(1e-10));
    double[][] numeric =
        BruteForceRecall.numericGradient(
            s, scenario.labels(), scenario.queryMask(), scenario.config(), 1e-6);
    double largest = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        largest = Math.max(largest, Math.abs(numeric[i][j]));
        assertThat(result.gradient()[i][j])
            .as("dL/dS[%d][%d]", i, j)
            .isCloseTo(numeric[i][j], within(1e-6));
      }
    }
    assertThat(largest).as("the scenario has a non-trivial gradient").isGreaterThan(1e-3);
  }
}

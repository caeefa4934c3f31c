package com.example.retrieval.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginDescriptor;

/** The loss's value against the paper's formula, and its registration with RankKit. */
class MultiSimilarityLossTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  /** The formula, term by term, in plain double arithmetic. */
  private static double reference(double[][] s, long[] labels, MultiSimilarityConfig c) {
    double total = 0;
    int valid = 0;
    for (int q = 0; q < s.length; q++) {
      double pos = 0;
      double neg = 0;
      int positives = 0;
      for (int z = 0; z < s.length; z++) {
        if (z == q) {
          continue;
        }
        if (labels[z] == labels[q]) {
          pos += Math.exp(-c.alpha() * (s[q][z] - c.base()));
          positives++;
        } else {
          neg += Math.exp(c.beta() * (s[q][z] - c.base()));
        }
      }
      if (positives > 0) {
        valid++;
        total += Math.log1p(pos) / c.alpha() + Math.log1p(neg) / c.beta();
      }
    }
    return valid == 0 ? 0 : total / valid;
  }

  private static double[] flat(double[][] s) {
    double[] out = new double[s.length * s.length];
    for (int i = 0; i < s.length; i++) {
      System.arraycopy(s[i], 0, out, i * s.length, s.length);
    }
    return out;
  }

  @Test
  void matchesTheFormulaIncludingQueriesWithoutPositivesOrNegatives() {
    // items 0-2 share a class, 3 and 4 share one, 5 is alone (not a valid query)
    double[][] s = {
      {1.0, 0.8, 0.3, 0.6, -0.2, 0.1},
      {0.8, 1.0, 0.5, 0.4, 0.0, 0.7},
      {0.3, 0.5, 1.0, 0.2, 0.9, -0.4},
      {0.6, 0.4, 0.2, 1.0, 0.55, 0.3},
      {-0.2, 0.0, 0.9, 0.55, 1.0, 0.45},
      {0.1, 0.7, -0.4, 0.3, 0.45, 1.0}
    };
    long[] labels = {7, 7, 7, 2, 2, 9};
    long[] oneClass = {4, 4, 4, 4, 4, 4};
    MultiSimilarityConfig config = new MultiSimilarityConfig(2.0, 40.0, 0.4);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray similarities = manager.create(flat(s), new Shape(6, 6));
      RankingLoss loss = new MultiSimilarityLoss(config);
      assertThat(loss.compute(SimilarityBatch.of(similarities, labels)).getDouble())
          .isCloseTo(reference(s, labels, config), within(1e-12));
      assertThat(loss.compute(SimilarityBatch.of(similarities, oneClass)).getDouble())
          .isCloseTo(reference(s, oneClass, config), within(1e-12))
          .isPositive();
    }
  }

  @Test
  void largeRawSimilaritiesDoNotOverflow() {
    double[][] s = {{30, 25, -10}, {25, 30, 28}, {-10, 28, 30}};
    long[] labels = {1, 1, 2};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray similarities = manager.create(flat(s), new Shape(3, 3));
      double value =
          new MultiSimilarityLoss(MultiSimilarityConfig.DEFAULTS)
              .compute(SimilarityBatch.of(similarities, labels))
              .getDouble();
      // exp(50 · (28 − 0.5)) overflows a double; the shifted form gives ≈ 28 − 0.5 for that term
      assertThat(value).isFinite().isGreaterThan(13);
    }
  }

  @Test
  void isDiscoveredWithItsDefaultsAndCreatedByIdWithParameters() {
    PluginDescriptor descriptor =
        RankKit.registry().describe().stream()
            .filter(d -> d.id().equals(MultiSimilarityPlugin.LOSS_ID))
            .findFirst()
            .orElseThrow();
    assertThat(descriptor.kind()).isEqualTo("loss");
    assertThat(descriptor.plugin()).isEqualTo("example-multi-similarity");
    assertThat(descriptor.params())
        .containsExactly(Map.entry("alpha", 2.0), Map.entry("beta", 50.0), Map.entry("base", 0.5));
    assertThat(RankKit.loss("multi-similarity", Map.of("beta", 40, "base", "0.4")))
        .hasToString("multi-similarity" + new MultiSimilarityConfig(2.0, 40.0, 0.4));
    assertThat(RankKit.registry().ids(org.rankkit.api.plugin.PluginKind.LOSS))
        .contains(MultiSimilarityPlugin.LOSS_ID);
    assertThat(List.of(descriptor.source())).isNotEmpty();
  }

  @Test
  void invalidParametersAreRejectedSayingWhatIsAllowed() {
    assertThatThrownBy(() -> RankKit.loss("multi-similarity", Map.of("alpha", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha must be a finite number > 0, got 0.0");
    assertThatThrownBy(() -> RankKit.loss("multi-similarity", Map.of("margin", 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown parameter 'margin'")
        .hasMessageContaining("alpha, beta, base");
    assertThatThrownBy(() -> new MultiSimilarityConfig(2, 50, Double.NaN))
        .hasMessageContaining("base must be a finite similarity threshold");
  }
}

package org.rankkit.eval.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;
import org.rankkit.api.metric.RankingMetric;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.testkit.RankingMetricContract;

/**
 * Every built-in ranking metric passes the test kit's contract against a loop over the whole
 * ranking written from its definition (docs/numeric-spec.md, "Retrieval metrics"), and the built-in
 * metrics are plugins of the kind {@code metric}.
 */
class BuiltInMetricContractsTest {

  /** The number of positives among the first {@code depth} ranks. */
  static int hits(boolean[] relevant, int depth) {
    int hits = 0;
    for (int m = 0; m < depth; m++) {
      hits += relevant[m] ? 1 : 0;
    }
    return hits;
  }

  /** The sum of the precision at each positive among the first {@code depth} ranks. */
  static double precisionSum(boolean[] relevant, int depth) {
    double sum = 0;
    for (int m = 0; m < depth; m++) {
      if (relevant[m]) {
        sum += (double) hits(relevant, m + 1) / (m + 1);
      }
    }
    return sum;
  }

  /** The contract of one built-in metric against its brute-force definition. */
  abstract static class ContractOf implements RankingMetricContract {
    private final RankingMetric metric;
    private final BiFunction<boolean[], List<Integer>, double[]> bruteForce;

    ContractOf(RankingMetric metric, BiFunction<boolean[], List<Integer>, double[]> bruteForce) {
      this.metric = metric;
      this.bruteForce = bruteForce;
    }

    @Override
    public RankingMetric metric() {
      return metric;
    }

    @Override
    public double[] bruteForce(boolean[] relevant, List<Integer> ks) {
      return bruteForce.apply(relevant, ks);
    }
  }

  /** The number of positives of the whole ranking (R). */
  static int positives(boolean[] relevant) {
    return hits(relevant, relevant.length);
  }

  @Nested
  class Recall extends ContractOf {
    Recall() {
      super(
          RecallAtK.INSTANCE,
          (relevant, ks) -> ks.stream().mapToDouble(k -> hits(relevant, k) > 0 ? 1 : 0).toArray());
    }
  }

  @Nested
  class RPrecisionContract extends ContractOf {
    RPrecisionContract() {
      super(
          RPrecision.INSTANCE,
          (relevant, ks) ->
              new double[] {(double) hits(relevant, positives(relevant)) / positives(relevant)});
    }
  }

  @Nested
  class MapAtRContract extends ContractOf {
    MapAtRContract() {
      super(
          MapAtR.INSTANCE,
          (relevant, ks) ->
              new double[] {precisionSum(relevant, positives(relevant)) / positives(relevant)});
    }
  }

  @Nested
  class MapContract extends ContractOf {
    MapContract() {
      super(
          MeanAveragePrecision.INSTANCE,
          (relevant, ks) ->
              new double[] {precisionSum(relevant, relevant.length) / positives(relevant)});
    }
  }

  @Test
  void theBuiltInMetricsArePluginsOfKindMetric() {
    PluginRegistry registry = RankKit.registry();
    assertThat(registry.kinds()).contains(RetrievalMetric.KIND);
    assertThat(registry.ids(RetrievalMetric.KIND))
        .containsExactly(MeanAveragePrecision.ID, MapAtR.ID, Nmi.ID, RPrecision.ID, RecallAtK.ID);
    assertThat(registry.create(RetrievalMetric.KIND, RecallAtK.ID, Map.of()))
        .isSameAs(RecallAtK.INSTANCE);
    assertThat(registry.create(RetrievalMetric.KIND, Nmi.ID, Map.of())).isSameAs(Nmi.INSTANCE);
    assertThat(RecallAtK.INSTANCE.keys(List.of(1, 4))).containsExactly("recall@1", "recall@4");
    assertThat(List.of(RPrecision.KEY, MapAtR.KEY, MeanAveragePrecision.KEY, Nmi.KEY))
        .containsExactly("r_precision", "map_at_r", "map", "nmi");
  }
}

package com.example.retrieval.metric;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.api.plugin.PluginDescriptor;
import org.rankkit.api.plugin.PluginRegistry;

class PrecisionAtKPluginTest {

  @Test
  void theRegistryFindsTheMetricThroughServiceLoader() {
    PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());
    assertThat(registry.ids(RetrievalMetric.KIND)).contains(PrecisionAtKPlugin.METRIC_ID);
    assertThat(registry.create(RetrievalMetric.KIND, PrecisionAtKPlugin.METRIC_ID, Map.of()))
        .isInstanceOf(PrecisionAtK.class);
    assertThat(registry.describe())
        .extracting(PluginDescriptor::kind, PluginDescriptor::id, PluginDescriptor::plugin)
        .contains(org.assertj.core.api.Assertions.tuple("metric", "precision-at-k", "example-precision-at-k"));
  }

  @Test
  void precisionCountsThePositivesInTheTopK() {
    // 3 positives, at ranks 1, 3 and 6
    QueryRanking query = QueryRanking.of(3, new int[] {1, 3, 6});
    PrecisionAtK metric = new PrecisionAtK();
    assertThat(metric.keys(List.of(1, 2, 4))).containsExactly("precision@1", "precision@2", "precision@4");
    assertThat(metric.score(query, List.of(1, 2, 4))).containsExactly(1.0, 0.5, 0.5);
  }
}

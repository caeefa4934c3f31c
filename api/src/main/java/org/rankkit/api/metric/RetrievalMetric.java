package org.rankkit.api.metric;

import java.util.List;
import org.rankkit.api.plugin.PluginKind;

/**
 * A retrieval metric: the plugin kind {@code metric}. A metric is either a {@link RankingMetric},
 * computed per query from where the query's positives rank in the exact search, or a {@link
 * ClusteringMetric}, computed from the embeddings and labels as a whole. RankKit's evaluator owns
 * the search, the validation, the averaging and the output; a metric only says what it reads and
 * what it computes from that. Implementations are immutable and thread-safe.
 *
 * <p>Contribute one from any jar with {@code PluginBindings.add(binder(),
 * RecordPluginFactory.of(RetrievalMetric.KIND, "my-metric", "what it measures", NoParameters.NONE,
 * none -> new MyMetric()))} in a {@link org.rankkit.api.plugin.RankKitPlugin}; {@code rankkit eval
 * --metrics my-metric} then computes it. The test kit's {@code RetrievalMetricContract} checks a
 * ranking metric against a brute-force reference.
 */
public sealed interface RetrievalMetric permits RankingMetric, ClusteringMetric {

  /** The plugin kind of metrics. */
  PluginKind<RetrievalMetric> KIND = PluginKind.of("metric", RetrievalMetric.class);

  /**
   * Returns the names under which the metric's values appear in results and JSON, e.g. {@code
   * recall@1}, {@code recall@2} or {@code map_at_r}; distinct, and distinct from every other
   * metric's in one evaluation.
   *
   * @param ks the evaluation's cut-offs (the k values of the {@code @k} metrics), ascending, each ≥
   *     1
   * @return one name per value, in output order
   */
  List<String> keys(List<Integer> ks);
}

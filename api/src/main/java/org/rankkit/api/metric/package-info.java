/**
 * The metric SPI: {@link org.rankkit.api.metric.RetrievalMetric}, the plugin kind {@code metric},
 * is a {@link org.rankkit.api.metric.RankingMetric} (per query, from the ranks of its positives in
 * the exact search: {@code recall@k}, R-precision, MAP@R, MAP) or a {@link
 * org.rankkit.api.metric.ClusteringMetric} (from the embeddings as a whole: NMI). The built-in
 * metrics and the evaluator that runs them are in RankKit's {@code eval} module; a metric from a
 * plugin jar depends on this package only.
 */
package org.rankkit.api.metric;

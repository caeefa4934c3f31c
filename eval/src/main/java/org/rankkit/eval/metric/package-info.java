/**
 * The built-in metrics, each a plugin of the kind {@code metric} ({@link
 * org.rankkit.api.metric.RetrievalMetric}) that {@link org.rankkit.eval.metric.MetricsPlugin}
 * contributes: {@link org.rankkit.eval.metric.RecallAtK recall}, {@link
 * org.rankkit.eval.metric.RPrecision r-precision}, {@link org.rankkit.eval.metric.MapAtR map-at-r},
 * {@link org.rankkit.eval.metric.MeanAveragePrecision map} and {@link org.rankkit.eval.metric.Nmi
 * nmi}. Their ids are the constants {@code ID}, their result keys the constants {@code KEY} (and
 * {@link org.rankkit.eval.metric.RecallAtK#key(int)}).
 */
package org.rankkit.eval.metric;

/**
 * Exact retrieval evaluation: {@link org.rankkit.eval.RetrievalEvaluator} computes the metrics of
 * an embedding matrix with labels ({@code recall@k}, {@code r_precision}, {@code map_at_r}, {@code
 * map} and NMI, built in under {@code org.rankkit.eval.metric}, or any {@link
 * org.rankkit.api.metric.RetrievalMetric} from a plugin), in the leave-one-out or query/gallery
 * protocol, by chunked exact search on the DJL device ({@link org.rankkit.eval.EvalConfig} says
 * what and how, {@link org.rankkit.eval.EvaluationResult} holds the numbers and their JSON form).
 * Readers of embedding and label files are in {@code org.rankkit.eval.io}.
 */
package org.rankkit.eval;

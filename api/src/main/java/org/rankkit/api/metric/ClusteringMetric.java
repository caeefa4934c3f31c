package org.rankkit.api.metric;

import ai.djl.ndarray.NDArray;

/**
 * A metric of the embeddings and labels as a whole, such as the NMI of a k-means clustering. The
 * evaluator computes it after the search, on the L2-normalised query rows (every item in
 * leave-one-out). {@link #keys} gives one name.
 */
public non-sealed interface ClusteringMetric extends RetrievalMetric {

  /**
   * Computes the metric.
   *
   * @param rows N × d L2-normalised rows (float32 or float64), on the evaluation's device; owned by
   *     the caller (do not close them; close what you create)
   * @param labels N labels
   * @param seed the evaluation's seed for anything random (k-means initialisation)
   * @return the value
   */
  double value(NDArray rows, long[] labels, long seed);
}

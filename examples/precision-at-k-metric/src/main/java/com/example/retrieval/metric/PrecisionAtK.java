package com.example.retrieval.metric;

import org.rankkit.api.metric.CutoffMetric;
import org.rankkit.api.metric.QueryRanking;

/**
 * Precision at every k of the evaluation ({@code precision@k}): the positives among a query's top k
 * results, divided by k, averaged over the queries that have a positive. Immutable.
 *
 * <p>As a {@link CutoffMetric} it writes only the value at one cut-off: RankKit names the keys,
 * searches no deeper than the largest k, and does the averaging and the output.
 */
public final class PrecisionAtK extends CutoffMetric {

  /** Creates the metric (stateless). */
  public PrecisionAtK() {
    super("precision");
  }

  @Override
  protected double value(QueryRanking query, int k) {
    return (double) query.hitsWithin(k) / k;
  }
}

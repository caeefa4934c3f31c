package com.example.retrieval.metric;

import java.util.Collections;
import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * Precision at every k of the evaluation ({@code precision@k}): the positives among a query's top k
 * results, divided by k, averaged over the queries that have a positive. Immutable.
 *
 * <p>It reads the top k only ({@link #depth}), so RankKit's evaluator searches no deeper than the
 * largest k for it; RankKit does the search, the averaging and the output.
 */
public final class PrecisionAtK implements RankingMetric {

  /** Creates the metric (stateless). */
  public PrecisionAtK() {}

  @Override
  public List<String> keys(List<Integer> ks) {
    return ks.stream().map(k -> "precision@" + k).toList();
  }

  @Override
  public int depth(int positives, List<Integer> ks) {
    return Collections.max(ks);
  }

  @Override
  public double[] score(QueryRanking query, List<Integer> ks) {
    double[] values = new double[ks.size()];
    for (int i = 0; i < values.length; i++) {
      int k = ks.get(i);
      values[i] = (double) query.hitsWithin(k) / k;
    }
    return values;
  }
}

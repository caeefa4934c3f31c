package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/** A ranking metric with one value per query, under one key, whatever the cut-offs. */
abstract class OneValueMetric implements RankingMetric {

  private final List<String> keys;

  OneValueMetric(String key) {
    this.keys = List.of(key);
  }

  @Override
  public final List<String> keys(List<Integer> ks) {
    return keys;
  }

  @Override
  public final double[] score(QueryRanking query, List<Integer> ks) {
    return new double[] {value(query)};
  }

  /**
   * Computes the query's value.
   *
   * @param query the query's positives and the ranks of those within the depth
   * @return the value
   */
  abstract double value(QueryRanking query);

  /**
   * Sums the precision at each positive ranked at most {@code lastRank}: (m + 1) / rank of the m-th
   * positive, best-ranked first (the sum behind average precision).
   *
   * @param query the query's ranking
   * @param lastRank the deepest rank counted
   * @return the sum
   */
  static double precisionSum(QueryRanking query, int lastRank) {
    double sum = 0;
    for (int m = 0; m < query.found() && query.rank(m) <= lastRank; m++) {
      sum += (double) (m + 1) / query.rank(m);
    }
    return sum;
  }
}

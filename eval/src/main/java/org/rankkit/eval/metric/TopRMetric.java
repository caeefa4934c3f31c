package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;

/**
 * A one-value metric of the top R of each query's ranking, R being the query's positives: it needs
 * the ranks down to R.
 */
abstract class TopRMetric extends OneValueMetric {

  TopRMetric(String key) {
    super(key);
  }

  @Override
  public final int depth(int positives, List<Integer> ks) {
    return positives;
  }

  @Override
  final double value(QueryRanking query) {
    return valueAtR(query, query.positives());
  }

  /**
   * Computes the query's value from its top R.
   *
   * @param query the query's positives and the ranks of those within the top R
   * @param r the query's positives, R ≥ 1
   * @return the value
   */
  abstract double valueAtR(QueryRanking query, int r);
}

package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * {@code map}: mean average precision over the whole ranking: the sum of the precision at every
 * positive's rank, divided by R. Needs the rank of every positive.
 */
public final class MeanAveragePrecision implements RankingMetric {

  /** The metric id. */
  public static final String ID = "map";

  /** The result key. */
  public static final String KEY = "map";

  /** The metric (stateless). */
  public static final MeanAveragePrecision INSTANCE = new MeanAveragePrecision();

  private MeanAveragePrecision() {}

  @Override
  public List<String> keys(List<Integer> ks) {
    return List.of(KEY);
  }

  @Override
  public int depth(int positives, List<Integer> ks) {
    return EVERY_POSITIVE;
  }

  @Override
  public double[] score(QueryRanking query, List<Integer> ks) {
    double sum = 0;
    for (int m = 0; m < query.found(); m++) {
      sum += (double) (m + 1) / query.rank(m);
    }
    return new double[] {sum / query.positives()};
  }
}

package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * {@code map_at_r}: mean average precision cut at R (Musgrave et al., 2020): the sum of the
 * precision at each positive ranked within the top R, divided by R.
 */
public final class MapAtR implements RankingMetric {

  /** The metric id. */
  public static final String ID = "map-at-r";

  /** The result key. */
  public static final String KEY = "map_at_r";

  /** The metric (stateless). */
  public static final MapAtR INSTANCE = new MapAtR();

  private MapAtR() {}

  @Override
  public List<String> keys(List<Integer> ks) {
    return List.of(KEY);
  }

  @Override
  public int depth(int positives, List<Integer> ks) {
    return positives;
  }

  @Override
  public double[] score(QueryRanking query, List<Integer> ks) {
    int r = query.positives();
    double sum = 0;
    for (int m = 0; m < query.found() && query.rank(m) <= r; m++) {
      sum += (double) (m + 1) / query.rank(m);
    }
    return new double[] {sum / r};
  }
}

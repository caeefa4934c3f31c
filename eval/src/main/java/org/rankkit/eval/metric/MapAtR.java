package org.rankkit.eval.metric;

import org.rankkit.api.metric.QueryRanking;

/**
 * {@code map_at_r}: mean average precision cut at R (Musgrave et al., 2020): the sum of the
 * precision at each positive ranked within the top R, divided by R.
 */
public final class MapAtR extends TopRMetric {

  /** The metric id. */
  public static final String ID = "map-at-r";

  /** The result key. */
  public static final String KEY = "map_at_r";

  /** The metric (stateless). */
  public static final MapAtR INSTANCE = new MapAtR();

  private MapAtR() {
    super(KEY);
  }

  @Override
  double valueAtR(QueryRanking query, int r) {
    return precisionSum(query, r) / r;
  }
}

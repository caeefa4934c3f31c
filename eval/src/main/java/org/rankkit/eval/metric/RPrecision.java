package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/** {@code r_precision}: the positives among the top R, divided by R (R = the query's positives). */
public final class RPrecision implements RankingMetric {

  /** The metric id. */
  public static final String ID = "r-precision";

  /** The result key. */
  public static final String KEY = "r_precision";

  /** The metric (stateless). */
  public static final RPrecision INSTANCE = new RPrecision();

  private RPrecision() {}

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
    return new double[] {(double) query.hitsWithin(r) / r};
  }
}

package org.rankkit.eval.metric;

import org.rankkit.api.metric.QueryRanking;

/** {@code r_precision}: the positives among the top R, divided by R (R = the query's positives). */
public final class RPrecision extends TopRMetric {

  /** The metric id. */
  public static final String ID = "r-precision";

  /** The result key. */
  public static final String KEY = "r_precision";

  /** The metric (stateless). */
  public static final RPrecision INSTANCE = new RPrecision();

  private RPrecision() {
    super(KEY);
  }

  @Override
  double valueAtR(QueryRanking query, int r) {
    return (double) query.hitsWithin(r) / r;
  }
}

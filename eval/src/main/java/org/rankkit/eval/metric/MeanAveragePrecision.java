package org.rankkit.eval.metric;

import java.util.List;
import org.rankkit.api.metric.QueryRanking;

/**
 * {@code map}: mean average precision over the whole ranking: the sum of the precision at every
 * positive's rank, divided by R. Needs the rank of every positive.
 */
public final class MeanAveragePrecision extends OneValueMetric {

  /** The metric id. */
  public static final String ID = "map";

  /** The result key. */
  public static final String KEY = "map";

  /** The metric (stateless). */
  public static final MeanAveragePrecision INSTANCE = new MeanAveragePrecision();

  private MeanAveragePrecision() {
    super(KEY);
  }

  @Override
  public int depth(int positives, List<Integer> ks) {
    return EVERY_POSITIVE;
  }

  @Override
  double value(QueryRanking query) {
    return precisionSum(query, Integer.MAX_VALUE) / query.positives();
  }
}

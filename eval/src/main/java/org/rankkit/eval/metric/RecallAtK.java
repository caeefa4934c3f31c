package org.rankkit.eval.metric;

import java.util.Collections;
import java.util.List;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * {@code recall@k} for every k of the evaluation: the fraction of queries with a positive among
 * their top k. A query without positives counts as a miss (the mean is over every query).
 */
public final class RecallAtK implements RankingMetric {

  /** The metric id. */
  public static final String ID = "recall";

  /** The metric (stateless). */
  public static final RecallAtK INSTANCE = new RecallAtK();

  private RecallAtK() {}

  /**
   * Returns the result key of one k.
   *
   * @param k the cut-off
   * @return {@code recall@k}
   */
  public static String key(int k) {
    return "recall@" + k;
  }

  @Override
  public List<String> keys(List<Integer> ks) {
    return ks.stream().map(RecallAtK::key).toList();
  }

  @Override
  public int depth(int positives, List<Integer> ks) {
    return Collections.max(ks);
  }

  @Override
  public double[] score(QueryRanking query, List<Integer> ks) {
    double[] values = new double[ks.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = query.hitsWithin(ks.get(i)) > 0 ? 1 : 0;
    }
    return values;
  }

  @Override
  public boolean averagedOverEveryQuery() {
    return true;
  }
}

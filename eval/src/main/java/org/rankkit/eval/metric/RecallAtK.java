package org.rankkit.eval.metric;

import java.util.OptionalInt;
import org.rankkit.api.metric.CutoffMetric;
import org.rankkit.api.metric.QueryRanking;

/**
 * {@code recall@k} for every k of the evaluation: the fraction of queries with a positive among
 * their top k. A query without positives counts as a miss (the mean is over every query).
 */
public final class RecallAtK extends CutoffMetric {

  /** The metric id. */
  public static final String ID = "recall";

  /** The start of every result key; the cut-off follows it ({@code recall@1}). */
  public static final String KEY_PREFIX = "recall@";

  /** The metric (stateless). */
  public static final RecallAtK INSTANCE = new RecallAtK();

  private RecallAtK() {
    super(ID);
  }

  /**
   * Returns the result key of one k.
   *
   * @param k the cut-off
   * @return {@code recall@k}
   */
  public static String key(int k) {
    return KEY_PREFIX + k;
  }

  /**
   * Returns the cut-off of a result key of this metric.
   *
   * @param key a result key, e.g. {@code recall@4} or {@code map_at_r}
   * @return k when {@code key} is {@link #key(int) key(k)} for some k ≥ 1, else empty
   */
  public static OptionalInt cutoff(String key) {
    if (key == null || !key.startsWith(KEY_PREFIX)) {
      return OptionalInt.empty();
    }
    try {
      int k = Integer.parseInt(key.substring(KEY_PREFIX.length()));
      return k >= 1 && key(k).equals(key) ? OptionalInt.of(k) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  @Override
  protected double value(QueryRanking query, int k) {
    return query.hitsWithin(k) > 0 ? 1 : 0;
  }

  @Override
  public boolean averagedOverEveryQuery() {
    return true;
  }
}

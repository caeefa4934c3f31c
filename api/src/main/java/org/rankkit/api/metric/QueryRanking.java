package org.rankkit.api.metric;

import java.util.Arrays;

/**
 * One query's outcome in the exact search, as a {@link RankingMetric} reads it: the number of
 * positives R and the 1-based ranks of its best-ranked positives, ascending. Every positive ranked
 * within the metric's {@linkplain RankingMetric#depth depth} is present (all R with {@link
 * RankingMetric#EVERY_POSITIVE}); positives ranked deeper may be missing. Immutable.
 */
public final class QueryRanking {

  private final int positives;
  private final int[] ranks;

  private QueryRanking(int positives, int[] ranks) {
    this.positives = positives;
    this.ranks = ranks;
  }

  /**
   * Creates a query's ranking.
   *
   * @param positives R ≥ 0
   * @param ranks 1-based ranks of the best-ranked positives, strictly ascending, at most R of them
   *     (copied)
   * @return the ranking
   * @throws IllegalArgumentException when the ranks are not ascending positive ranks of at most R
   *     positives
   */
  public static QueryRanking of(int positives, int[] ranks) {
    if (positives < 0 || ranks.length > positives) {
      throw new IllegalArgumentException(
          "a query with "
              + positives
              + " positives cannot have "
              + ranks.length
              + " ranked positives");
    }
    for (int m = 0; m < ranks.length; m++) {
      if (ranks[m] < 1 || (m > 0 && ranks[m] <= ranks[m - 1])) {
        throw new IllegalArgumentException(
            "ranks must be strictly ascending and >= 1, got " + Arrays.toString(ranks));
      }
    }
    return new QueryRanking(positives, ranks.clone());
  }

  /** {@return R, the query's positives in its gallery} */
  public int positives() {
    return positives;
  }

  /** {@return how many positives have a known rank (≤ R)} */
  public int found() {
    return ranks.length;
  }

  /**
   * Returns the rank of a positive.
   *
   * @param m 0 for the best-ranked positive, up to {@link #found()} − 1
   * @return its 1-based rank
   */
  public int rank(int m) {
    return ranks[m];
  }

  /**
   * Counts the positives ranked 1..k.
   *
   * @param k a rank within the metric's depth
   * @return the positives among the top k
   */
  public int hitsWithin(int k) {
    int hits = 0;
    while (hits < ranks.length && ranks[hits] <= k) {
      hits++;
    }
    return hits;
  }

  @Override
  public String toString() {
    return "QueryRanking[positives=" + positives + ", ranks=" + Arrays.toString(ranks) + "]";
  }
}

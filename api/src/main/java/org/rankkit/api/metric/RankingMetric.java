package org.rankkit.api.metric;

import java.util.List;

/**
 * A metric averaged over queries from each query's {@link QueryRanking}: where the query's
 * positives (the gallery items of its label) rank when the gallery is sorted by descending
 * similarity, ties to the lower gallery index.
 *
 * <p>The evaluator asks every metric how deep it reads ({@link #depth}) and searches only as deep
 * as the deepest of them needs, so a metric that reads the top k costs a top-k search, and one that
 * needs every positive's rank costs a rank count. Then it calls {@link #score} once per query (from
 * several threads) and averages each value in query order: over every query if {@link
 * #averagedOverEveryQuery()}, else over the queries with at least one positive (0 when none has).
 */
public non-sealed interface RankingMetric extends RetrievalMetric {

  /** {@link #depth} for a metric that needs the rank of every positive, however deep. */
  int EVERY_POSITIVE = Integer.MAX_VALUE;

  /**
   * Says how many top ranks of a query this metric reads.
   *
   * @param positives the query's positives R (≥ 0)
   * @param ks the evaluation's cut-offs, ascending
   * @return d ≥ 0: {@link #score} sees every positive ranked 1..d (for {@code recall@k}: the
   *     largest k; for R-precision: R); or {@link #EVERY_POSITIVE}
   */
  int depth(int positives, List<Integer> ks);

  /**
   * Scores one query.
   *
   * @param query the query's positives and the ranks of those within {@link #depth} (at least)
   * @param ks the evaluation's cut-offs, ascending
   * @return one finite value per {@linkplain #keys key}, in the same order
   */
  double[] score(QueryRanking query, List<Integer> ks);

  /**
   * {@return true when a query without positives counts (scored with no ranks) in the mean, as in
   * {@code recall@k}; false (the default) when the mean is over queries with a positive only}
   */
  default boolean averagedOverEveryQuery() {
    return false;
  }
}

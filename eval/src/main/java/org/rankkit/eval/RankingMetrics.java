package org.rankkit.eval;

import java.util.List;
import org.rankkit.api.loss.LabelStructure;

/**
 * Per-query ranking outcomes and their means (docs/numeric-spec.md): {@code recall@k} over all queries; {@code
 * r_precision}, {@code map_at_r} and {@code map} over queries with R ≥ 1 same-label database items.
 *
 * <p>Each query writes only its own slots, so queries may be recorded from several threads; the
 * means are summed in query order, so they do not depend on blocking or threading.
 */
final class RankingMetrics {

  /**
   * Means over the queries.
   *
   * @param recall {@code recall@k} per configured k, in the order of the ks
   * @param rPrecision mean R-precision over valid queries (0 when there is none)
   * @param mapAtR mean MAP@R over valid queries (0 when there is none)
   * @param map mean average precision over valid queries (NaN when not computed)
   * @param validQueries number of queries with R ≥ 1
   */
  record Totals(double[] recall, double rPrecision, double mapAtR, double map, int validQueries) {}

  private final int[] firstHit;
  private final double[] rPrecision;
  private final double[] apAtR;
  private final double[] ap;
  private final boolean[] valid;

  RankingMetrics(int queries) {
    firstHit = new int[queries];
    rPrecision = new double[queries];
    apAtR = new double[queries];
    ap = new double[queries];
    valid = new boolean[queries];
    java.util.Arrays.fill(firstHit, Integer.MAX_VALUE);
    java.util.Arrays.fill(ap, Double.NaN);
  }

  /**
   * Records a query from the exact 1-based ranks of all its R positives.
   *
   * @param query query index
   * @param ranks ascending ranks of the positives, length R (may be 0)
   */
  void recordRanks(int query, int[] ranks) {
    int r = ranks.length;
    if (r == 0) {
      return;
    }
    valid[query] = true;
    firstHit[query] = ranks[0];
    int inTopR = 0;
    double sumAtR = 0;
    double sum = 0;
    for (int m = 0; m < r; m++) {
      double precision = (double) (m + 1) / ranks[m];
      sum += precision;
      if (ranks[m] <= r) {
        inTopR++;
        sumAtR += precision;
      }
    }
    rPrecision[query] = (double) inTopR / r;
    apAtR[query] = sumAtR / r;
    ap[query] = sum / r;
  }

  /**
   * Records a query from the relevance of its top list (no {@code map}).
   *
   * @param query query index
   * @param r number of positives in the query's database
   * @param relevant relevance of ranks 1..L, where L ≥ the largest k (and L ≥ r when R-based
   *     metrics are wanted; otherwise they are left at 0)
   * @param length L
   */
  void recordTopList(int query, int r, boolean[] relevant, int length) {
    for (int i = 0; i < length; i++) {
      if (relevant[i]) {
        firstHit[query] = i + 1;
        break;
      }
    }
    if (r == 0) {
      return;
    }
    valid[query] = true;
    if (r > length) {
      return; // the list is only as long as the largest k: R-based metrics were not requested
    }
    int hits = 0;
    double sumAtR = 0;
    for (int i = 0; i < r; i++) {
      if (relevant[i]) {
        hits++;
        sumAtR += (double) hits / (i + 1);
      }
    }
    rPrecision[query] = (double) hits / r;
    apAtR[query] = sumAtR / r;
  }

  /**
   * Returns the means.
   *
   * @param ks the k values of recall
   * @return the totals
   */
  Totals totals(List<Integer> ks) {
    int n = firstHit.length;
    double[] recall = new double[ks.size()];
    for (int i = 0; i < ks.size(); i++) {
      int k = ks.get(i);
      long hits = 0;
      for (int q = 0; q < n; q++) {
        if (firstHit[q] <= k) {
          hits++;
        }
      }
      recall[i] = (double) hits / n;
    }
    int validCount = 0;
    double sumR = 0;
    double sumAtR = 0;
    double sumAp = 0;
    for (int q = 0; q < n; q++) {
      if (valid[q]) {
        validCount++;
        sumR += rPrecision[q];
        sumAtR += apAtR[q];
        sumAp += ap[q];
      }
    }
    if (validCount == 0) {
      return new Totals(recall, 0, 0, 0, 0);
    }
    return new Totals(recall, sumR / validCount, sumAtR / validCount, sumAp / validCount, validCount);
  }

  /**
   * Counts queries with at least one same-label database item.
   *
   * @param queryLabels query labels
   * @param dbLabels database labels (the same array in leave-one-out)
   * @param leaveOneOut whether each query is excluded from its own database
   * @return number of valid queries
   */
  static int countValid(long[] queryLabels, long[] dbLabels, boolean leaveOneOut) {
    return LabelStructure.of(queryLabels, dbLabels, leaveOneOut).validCount();
  }
}

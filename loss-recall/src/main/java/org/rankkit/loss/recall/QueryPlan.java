package org.rankkit.loss.recall;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The label structure of one batch as the recall-at-k kernels need it: which queries are valid,
 * each query's positives, the rank pool size and the per-cut-off constants.
 *
 * <p>Positives are not stored per query (that would be quadratic for one large class): a query's
 * positives are its class members other than itself, in increasing item order.
 */
final class QueryPlan {

  /** Number of items {@code N} (real and virtual). */
  final int n;
  /** Valid queries (query mask set and at least one positive), in increasing item order. */
  final int[] validQueries;
  /** Class index of every item. */
  final int[] classOf;
  /** Members of every class, in increasing item order. */
  final int[][] members;
  /** Rank pool size {@code |Π_q|}: {@code N - 1}, or {@code N} with includeQuery. */
  final int poolSize;
  /** {@code k' = min(k, |Π_q|)} for every cut-off. */
  final double[] kPrime;
  /** Rank temperature for every cut-off. */
  final double[] tauRank;
  /** Largest number of positives of a valid query. */
  final int maxPositives;

  private QueryPlan(
      int n,
      int[] validQueries,
      int[] classOf,
      int[][] members,
      int poolSize,
      double[] kPrime,
      double[] tauRank,
      int maxPositives) {
    this.n = n;
    this.validQueries = validQueries;
    this.classOf = classOf;
    this.members = members;
    this.poolSize = poolSize;
    this.kPrime = kPrime;
    this.tauRank = tauRank;
    this.maxPositives = maxPositives;
  }

  /**
   * Builds the plan of a batch.
   *
   * @param batch the batch (labels and query mask are read)
   * @param config the loss parameters
   * @return the plan
   */
  static QueryPlan of(SimilarityBatch batch, RecallAtKConfig config) {
    int n = batch.size();
    Map<Long, Integer> classIds = new HashMap<>();
    int[] classOf = new int[n];
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      int c = classIds.computeIfAbsent(batch.label(i), l -> classIds.size());
      classOf[i] = c;
      counts[c]++;
    }
    int[][] members = new int[classIds.size()][];
    for (int c = 0; c < members.length; c++) {
      members[c] = new int[counts[c]];
    }
    int[] fill = new int[members.length];
    for (int i = 0; i < n; i++) {
      members[classOf[i]][fill[classOf[i]]++] = i;
    }
    int[] valid = new int[n];
    int v = 0;
    int maxPositives = 0;
    for (int q = 0; q < n; q++) {
      int positives = members[classOf[q]].length - 1;
      if (batch.isQuery(q) && positives > 0) {
        valid[v++] = q;
        maxPositives = Math.max(maxPositives, positives);
      }
    }
    int poolSize = config.includeQuery() ? n : n - 1;
    int kCount = config.ks().size();
    double[] kPrime = new double[kCount];
    double[] tauRank = new double[kCount];
    for (int j = 0; j < kCount; j++) {
      kPrime[j] = Math.min(config.ks().get(j), poolSize);
      tauRank[j] = config.tauRankAt(j);
    }
    return new QueryPlan(
        n,
        Arrays.copyOf(valid, v),
        classOf,
        members,
        poolSize,
        kPrime,
        tauRank,
        maxPositives);
  }

  /** Returns the number of valid queries {@code V}. */
  int validCount() {
    return validQueries.length;
  }

  /** Returns the number of positives {@code |P_q|} of item {@code q}. */
  int positiveCount(int q) {
    return members[classOf[q]].length - 1;
  }

  /**
   * Writes the positives of {@code q} (its class members except itself, increasing) into {@code out}.
   *
   * @param q the query
   * @param out array of length at least {@link #positiveCount(int)}
   * @return the number written
   */
  int positives(int q, int[] out) {
    int p = 0;
    for (int m : members[classOf[q]]) {
      if (m != q) {
        out[p++] = m;
      }
    }
    return p;
  }
}

package org.rankkit.loss.recall;

import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * What the recall-at-k kernels need of one batch: its {@link LabelStructure} (valid queries and
 * their positives), the rank pool size and the per-cut-off constants.
 */
final class QueryPlan {

  /** Number of items in the batch. */
  final int n;

  /** Valid queries, increasing. */
  final int[] validQueries;

  /** Largest positive count of a valid query. */
  final int maxPositives;

  /** Items a query is ranked against: {@code n}, or {@code n - 1} without the query itself. */
  final int poolSize;

  /** Effective cut-offs {@code min(k, poolSize)}. */
  final double[] kPrime;

  /** Rank temperature of each cut-off. */
  final double[] tauRank;

  private final LabelStructure labels;

  private QueryPlan(LabelStructure labels, int n, int poolSize, double[] kPrime, double[] tauRank) {
    this.labels = labels;
    this.n = n;
    this.validQueries = labels.validQueries();
    this.maxPositives = labels.maxPositives();
    this.poolSize = poolSize;
    this.kPrime = kPrime;
    this.tauRank = tauRank;
  }

  /**
   * Builds the plan of a batch.
   *
   * @param batch the (possibly augmented) batch
   * @param config the loss's parameters
   * @return the plan
   */
  static QueryPlan of(SimilarityBatch batch, RecallAtKConfig config) {
    int n = batch.size();
    int poolSize = config.includeQuery() ? n : n - 1;
    int kCount = config.ks().size();
    double[] kPrime = new double[kCount];
    double[] tauRank = new double[kCount];
    for (int j = 0; j < kCount; j++) {
      kPrime[j] = Math.min(config.ks().get(j), poolSize);
      tauRank[j] = config.tauRankAt(j);
    }
    return new QueryPlan(LabelStructure.of(batch), n, poolSize, kPrime, tauRank);
  }

  /** Returns the number of valid queries. */
  int validCount() {
    return validQueries.length;
  }

  /** Returns the number of positives of query {@code q}. */
  int positiveCount(int q) {
    return labels.positiveCount(q);
  }

  /** Writes the positives of query {@code q} (increasing) into {@code out}; returns their count. */
  int positives(int q, int[] out) {
    return labels.positives(q, out);
  }
}

package org.rankkit.loss.recall;

/**
 * Test reference: the recall-at-k loss of docs/numeric-spec.md written as plain double loops over a
 * similarity matrix, with no shared code with the implementations, and its gradient by central
 * differences.
 */
final class BruteForceRecall {

  private BruteForceRecall() {}

  static double sigmoid(double u, double tau) {
    return 1.0 / (1.0 + Math.exp(-u / tau));
  }

  /**
   * The loss of docs/numeric-spec.md: mean over valid queries (query mask set, at least one
   * positive).
   */
  static double loss(double[][] s, long[] labels, boolean[] queryMask, RecallAtKConfig config) {
    int n = labels.length;
    double sum = 0.0;
    int valid = 0;
    for (int q = 0; q < n; q++) {
      if (!queryMask[q]) {
        continue;
      }
      int positives = 0;
      for (int x = 0; x < n; x++) {
        if (x != q && labels[x] == labels[q]) {
          positives++;
        }
      }
      if (positives == 0) {
        continue;
      }
      valid++;
      int poolSize = config.includeQuery() ? n : n - 1;
      double recall = 0.0;
      for (int j = 0; j < config.ks().size(); j++) {
        double kp = Math.min(config.ks().get(j), poolSize);
        double tauRank =
            config.tauRank().size() == 1 ? config.tauRank().get(0) : config.tauRank().get(j);
        double count = 0.0;
        for (int x = 0; x < n; x++) {
          if (x == q || labels[x] != labels[q]) {
            continue;
          }
          double rank = 1.0;
          for (int z = 0; z < n; z++) {
            boolean inPool = z != q || config.includeQuery();
            if (inPool && z != x) {
              rank += sigmoid(s[q][z] - s[q][x], config.tauSim());
            }
          }
          count += sigmoid(kp - rank, tauRank);
        }
        recall += Math.min(kp, count) / Math.min(kp, positives);
      }
      sum += 1.0 - recall / config.ks().size();
    }
    return valid == 0 ? 0.0 : sum / valid;
  }

  /** dL/dS by central differences with step {@code h}. */
  static double[][] numericGradient(
      double[][] s, long[] labels, boolean[] queryMask, RecallAtKConfig config, double h) {
    int n = labels.length;
    double[][] g = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double keep = s[a][b];
        s[a][b] = keep + h;
        double up = loss(s, labels, queryMask, config);
        s[a][b] = keep - h;
        double down = loss(s, labels, queryMask, config);
        s[a][b] = keep;
        g[a][b] = (up - down) / (2 * h);
      }
    }
    return g;
  }
}

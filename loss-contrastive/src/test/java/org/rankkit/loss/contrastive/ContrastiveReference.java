package org.rankkit.loss.contrastive;

import org.rankkit.api.loss.LossAndGradient;

/**
 * Brute-force float64 loops that follow docs/numeric-spec.md's contrastive section literally,
 * giving the loss and {@code dL/dS} (a pair whose term is exactly 0 gets the gradient {@code
 * ∓1/count}, as autograd of {@code clamp(·, min=0)} does; the counts only include terms {@code >
 * 0}).
 */
final class ContrastiveReference {

  private ContrastiveReference() {}

  static LossAndGradient loss(
      double[][] s, long[] y, boolean[] queries, double posMargin, double negMargin) {
    int n = y.length;
    double posSum = 0;
    double negSum = 0;
    int posCount = 0;
    int negCount = 0;
    for (int q = 0; q < n; q++) {
      for (int z = 0; z < n; z++) {
        if (!queries[q] || z == q) {
          continue;
        }
        if (y[q] == y[z]) {
          double t = Math.max(0, posMargin - s[q][z]);
          if (t > 0) {
            posSum += t;
            posCount++;
          }
        } else {
          double t = Math.max(0, s[q][z] - negMargin);
          if (t > 0) {
            negSum += t;
            negCount++;
          }
        }
      }
    }
    double[][] g = new double[n][n];
    for (int q = 0; q < n; q++) {
      for (int z = 0; z < n; z++) {
        if (!queries[q] || z == q) {
          continue;
        }
        if (y[q] == y[z]) {
          if (posCount > 0 && posMargin - s[q][z] >= 0) {
            g[q][z] = -1.0 / posCount;
          }
        } else if (negCount > 0 && s[q][z] - negMargin >= 0) {
          g[q][z] = 1.0 / negCount;
        }
      }
    }
    double l = (posCount > 0 ? posSum / posCount : 0) + (negCount > 0 ? negSum / negCount : 0);
    return new LossAndGradient(l, g);
  }
}

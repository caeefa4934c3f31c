package org.rankkit.loss.ap;

import org.rankkit.api.loss.LossAndGradient;

/**
 * Brute-force float64 loops that follow docs/numeric-spec.md literally (sets Ω_q, P_q, every sum
 * written out), giving the loss and its analytic gradient {@code dL/dS}. Independent of the tensor
 * code under test; its gradients are themselves checked against finite differences.
 */
final class SpecReference {

  private SpecReference() {}

  static double sigmoid(double u, double tau) {
    return 1.0 / (1.0 + Math.exp(-u / tau));
  }

  private static boolean validQuery(int q, long[] y, boolean[] queries) {
    if (!queries[q]) {
      return false;
    }
    for (int z = 0; z < y.length; z++) {
      if (z != q && y[z] == y[q]) {
        return true;
      }
    }
    return false;
  }

  private static int validCount(long[] y, boolean[] queries) {
    int v = 0;
    for (int q = 0; q < y.length; q++) {
      v += validQuery(q, y, queries) ? 1 : 0;
    }
    return v;
  }

  /** Smooth-AP, docs/numeric-spec.md section smooth-ap. */
  static LossAndGradient smoothAp(double[][] s, long[] y, boolean[] queries, double tau) {
    int n = y.length;
    double[][] g = new double[n][n];
    int v = validCount(y, queries);
    if (v == 0) {
      return new LossAndGradient(0.0, g);
    }
    double total = 0;
    for (int q = 0; q < n; q++) {
      if (!validQuery(q, y, queries)) {
        continue;
      }
      int p = 0;
      for (int z = 0; z < n; z++) {
        p += (z != q && y[z] == y[q]) ? 1 : 0;
      }
      double w = -1.0 / ((double) v * p);
      double ap = 0;
      for (int x = 0; x < n; x++) {
        if (x == q || y[x] != y[q]) {
          continue;
        }
        double rp = 1;
        double ro = 1;
        for (int z = 0; z < n; z++) {
          if (z == q || z == x) {
            continue;
          }
          double d = sigmoid(s[q][z] - s[q][x], tau);
          ro += d;
          if (y[z] == y[q]) {
            rp += d;
          }
        }
        ap += rp / ro / p;
        for (int z = 0; z < n; z++) {
          if (z == q || z == x) {
            continue;
          }
          double d = sigmoid(s[q][z] - s[q][x], tau);
          double dd = d * (1 - d) / tau;
          double coeff = ((y[z] == y[q] ? 1.0 / ro : 0.0) - rp / (ro * ro)) * dd * w;
          g[q][z] += coeff;
          g[q][x] -= coeff;
        }
      }
      total += ap;
    }
    return new LossAndGradient(1 - total / v, g);
  }

  /**
   * FastAP, docs/numeric-spec.md section fast-ap, with the kink conventions of autograd on {@code
   * clamp(1 − |d − c|/Δ, min=0)}: {@code sign(0) = 0}, clamp active where its argument is ≥ 0.
   */
  static LossAndGradient fastAp(double[][] s, long[] y, boolean[] queries, int numBins) {
    int n = y.length;
    double[][] g = new double[n][n];
    int v = validCount(y, queries);
    if (v == 0) {
      return new LossAndGradient(0.0, g);
    }
    double delta = 4.0 / numBins;
    int bins = numBins + 1;
    double total = 0;
    for (int q = 0; q < n; q++) {
      if (!validQuery(q, y, queries)) {
        continue;
      }
      double[] hp = new double[bins];
      double[] h = new double[bins];
      int p = 0;
      for (int z = 0; z < n; z++) {
        if (z == q) {
          continue;
        }
        boolean pos = y[z] == y[q];
        p += pos ? 1 : 0;
        double d = 2 - 2 * s[q][z];
        for (int l = 0; l < bins; l++) {
          double k = Math.max(0, 1 - Math.abs(d - l * delta) / delta);
          h[l] += k;
          if (pos) {
            hp[l] += k;
          }
        }
      }
      double[] cumP = new double[bins];
      double[] cum = new double[bins];
      double runP = 0;
      double run = 0;
      for (int l = 0; l < bins; l++) {
        runP += hp[l];
        run += h[l];
        cumP[l] = runP;
        cum[l] = run;
      }
      double fast = 0;
      // dFastAP/dh⁺_m and dFastAP/dh_m (times |P|), by the chain rule through the cumulative sums
      double[] gp = new double[bins];
      double[] gh = new double[bins];
      for (int l = 0; l < bins; l++) {
        if (cum[l] > 0) {
          fast += hp[l] * cumP[l] / cum[l];
          gp[l] += cumP[l] / cum[l];
          for (int m = 0; m <= l; m++) {
            gp[m] += hp[l] / cum[l];
            gh[m] -= hp[l] * cumP[l] / (cum[l] * cum[l]);
          }
        }
      }
      total += fast / p;
      double w = -1.0 / ((double) v * p);
      for (int z = 0; z < n; z++) {
        if (z == q) {
          continue;
        }
        boolean pos = y[z] == y[q];
        double d = 2 - 2 * s[q][z];
        double dd = 0;
        for (int l = 0; l < bins; l++) {
          double u = d - l * delta;
          if (1 - Math.abs(u) / delta >= 0) {
            double dk = -Math.signum(u) / delta;
            dd += ((pos ? gp[l] : 0) + gh[l]) * dk;
          }
        }
        g[q][z] += w * dd * -2;
      }
    }
    return new LossAndGradient(1 - total / v, g);
  }
}

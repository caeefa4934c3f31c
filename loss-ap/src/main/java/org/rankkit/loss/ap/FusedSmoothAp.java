package org.rankkit.loss.ap;

import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.loss.RowKernel;

/**
 * The plain-Java Smooth-AP row kernel, run by {@link FusedRowDriver}: for one valid query, computes
 * its term {@code 1 − AP(q)} and its row of {@code ∂/∂S[q][·]} analytically in two passes over its
 * positives and items (the second recomputes each sigmoid identically, so a worker's scratch is
 * {@code O(N)}, not {@code O(|P| N)}). Computes in double. Immutable apart from the workspaces the
 * driver hands it; thread-safe.
 */
final class FusedSmoothAp implements RowKernel<FusedSmoothAp.Workspace> {

  /**
   * Largest {@code (max − min)/τ} of a row for which {@code exp((s_x − s_z)/τ)} is computed as
   * {@code exp((s_x − c)/τ) · exp((c − s_z)/τ)} with {@code c} the row's mid-range: both factors
   * then stay within {@code e^±700}, finite and normal, and the product is exact to a few ulps.
   */
  static final double FACTORED_RANGE = 1400;

  private final double tau;
  private final LabelStructure qp;
  private final long[] labels;

  FusedSmoothAp(double tau, LabelStructure qp, long[] labels) {
    this.tau = tau;
    this.qp = qp;
    this.labels = labels;
  }

  /** One worker's scratch: per-item factors and per-positive ranks. */
  static final class Workspace {
    final double[] itemFactor;
    final int[] positives;
    final double[] rPos;
    final double[] rAll;

    Workspace(int n, int maxPositives) {
      itemFactor = new double[n];
      positives = new int[maxPositives];
      rPos = new double[maxPositives];
      rAll = new double[maxPositives];
    }
  }

  @Override
  public Workspace workspace() {
    return new Workspace(qp.gallerySize(), qp.maxPositives());
  }

  @Override
  public double row(int q, double[] row, double[] grad, Workspace w) {
    int n = row.length;
    int[] pos = w.positives;
    int p = qp.positives(q, pos);
    long lq = labels[q];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int z = 0; z < n; z++) {
      lo = Math.min(lo, row[z]);
      hi = Math.max(hi, row[z]);
    }
    // σ((s_z − s_x)/τ) = 1/(1 + exp((s_x − s_z)/τ)); with a bounded row range the exponential
    // factors into a per-positive and a per-item part: N + |P| exponentials instead of |P|·N
    boolean factored = (hi - lo) / tau <= FACTORED_RANGE;
    double centre = 0.5 * (lo + hi);
    double[] itemFactor = w.itemFactor;
    if (factored) {
      for (int z = 0; z < n; z++) {
        itemFactor[z] = Math.exp((centre - row[z]) / tau);
      }
    }
    double[] rPos = w.rPos;
    double[] rAll = w.rAll;
    double sum = 0;
    for (int k = 0; k < p; k++) {
      int x = pos[k];
      double sx = row[x];
      double positiveFactor = factored ? Math.exp((sx - centre) / tau) : 0;
      double ro = 1;
      double rp = 1;
      for (int z = 0; z < n; z++) {
        if (z == q || z == x) {
          continue; // not in Ω_q, or x itself
        }
        double d = sigmoid(factored, positiveFactor, itemFactor, sx, row[z], z);
        ro += d;
        if (labels[z] == lq) {
          rp += d;
        }
      }
      rPos[k] = rp;
      rAll[k] = ro;
      sum += rp / ro;
    }
    // second pass, recomputing each sigmoid bit for bit (O(N) scratch instead of O(|P| N)):
    // ∂/∂R_P(x) = a = v/R_Ω(x), ∂/∂R_Ω(x) = b = −v R_P(x)/R_Ω(x)², v = −1/|P_q|
    double v = -1.0 / p;
    for (int k = 0; k < p; k++) {
      int x = pos[k];
      double sx = row[x];
      double positiveFactor = factored ? Math.exp((sx - centre) / tau) : 0;
      double a = v / rAll[k];
      double b = -a * rPos[k] / rAll[k];
      double ab = a + b;
      double total = 0;
      for (int z = 0; z < n; z++) {
        if (z == q || z == x) {
          continue;
        }
        double d = sigmoid(factored, positiveFactor, itemFactor, sx, row[z], z);
        double c = (labels[z] == lq ? ab : b) * (d * (1 - d) / tau);
        grad[z] += c;
        total += c;
      }
      grad[x] -= total;
    }
    return 1 - sum / p;
  }

  private double sigmoid(
      boolean factored, double positiveFactor, double[] itemFactor, double sx, double sz, int z) {
    double e = factored ? positiveFactor * itemFactor[z] : Math.exp((sx - sz) / tau);
    return 1.0 / (1.0 + e);
  }
}

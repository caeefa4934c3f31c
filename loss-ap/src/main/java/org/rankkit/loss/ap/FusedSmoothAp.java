package org.rankkit.loss.ap;

import java.util.stream.IntStream;
import org.rankkit.api.loss.LabelStructure;

/**
 * The plain-Java Smooth-AP kernel: for a block of valid queries, computes each query's AP and its
 * row of {@code dL/dS} analytically in two passes over its positives and items (the second
 * recomputes each sigmoid identically, so per-thread scratch is {@code O(N)}, not {@code O(|P|
 * N)}). Queries of a block run in parallel on the common fork-join pool; each writes only its own
 * output row, so results do not depend on scheduling.
 * Computes in double. Stateless apart from its parameters; thread-safe.
 */
final class FusedSmoothAp implements RowBlock.Kernel {

  private static final ThreadLocal<double[]> FACTORS = ThreadLocal.withInitial(() -> new double[0]);

  /**
   * Largest {@code (max − min)/τ} of a row for which {@code exp((s_x − s_z)/τ)} is computed as
   * {@code exp((s_x − c)/τ) · exp((c − s_z)/τ)} with {@code c} the row's mid-range: both factors
   * then stay within {@code e^±700}, finite and normal, and the product is exact to a few ulps.
   */
  static final double FACTORED_RANGE = 1400;

  private final double tau;
  private final LabelStructure qp;
  private final long[] labels;
  private final int validCount;

  FusedSmoothAp(double tau, LabelStructure qp, long[] labels) {
    this.tau = tau;
    this.qp = qp;
    this.labels = labels;
    this.validCount = qp.validCount();
  }

  @Override
  public void run(double[] rows, int n, int start, int count, double[] grad, double[] ap) {
    IntStream.range(0, count).parallel().forEach(i -> query(rows, n, start, i, grad, ap));
  }

  private void query(double[] rows, int n, int start, int i, double[] grad, double[] ap) {
    int q = qp.validQuery(start + i);
    int[] pos = qp.positives(qp.validQuery(start + i));
    int p = pos.length;
    long lq = labels[q];
    int base = i * n;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int z = 0; z < n; z++) {
      lo = Math.min(lo, rows[base + z]);
      hi = Math.max(hi, rows[base + z]);
    }
    // σ((s_z − s_x)/τ) = 1/(1 + exp((s_x − s_z)/τ)); with a bounded row range the exponential
    // factors into a per-positive and a per-item part: N + |P| exponentials instead of |P|·N
    boolean factored = (hi - lo) / tau <= FACTORED_RANGE;
    double centre = 0.5 * (lo + hi);
    double[] itemFactor = FACTORS.get();
    if (factored) {
      if (itemFactor.length < n) {
        itemFactor = new double[n];
        FACTORS.set(itemFactor);
      }
      for (int z = 0; z < n; z++) {
        itemFactor[z] = Math.exp((centre - rows[base + z]) / tau);
      }
    }
    double[] rPos = new double[p];
    double[] rAll = new double[p];
    double sum = 0;
    for (int k = 0; k < p; k++) {
      int x = pos[k];
      double sx = rows[base + x];
      double positiveFactor = factored ? Math.exp((sx - centre) / tau) : 0;
      double ro = 1;
      double rp = 1;
      for (int z = 0; z < n; z++) {
        if (z == q || z == x) {
          continue; // not in Ω_q, or x itself
        }
        double d = sigmoid(factored, positiveFactor, itemFactor, sx, rows[base + z], z);
        ro += d;
        if (labels[z] == lq) {
          rp += d;
        }
      }
      rPos[k] = rp;
      rAll[k] = ro;
      sum += rp / ro;
    }
    ap[i] = sum / p;
    // second pass, recomputing each sigmoid bit for bit (O(N) scratch instead of O(|P| N)):
    // dL/dR_P(x) = a = w/R_Ω(x), dL/dR_Ω(x) = b = −w R_P(x)/R_Ω(x)², w = −1/(V |P_q|)
    double w = -1.0 / ((double) validCount * p);
    java.util.Arrays.fill(grad, base, base + n, 0.0);
    for (int k = 0; k < p; k++) {
      int x = pos[k];
      double sx = rows[base + x];
      double positiveFactor = factored ? Math.exp((sx - centre) / tau) : 0;
      double a = w / rAll[k];
      double b = -a * rPos[k] / rAll[k];
      double ab = a + b;
      double total = 0;
      for (int z = 0; z < n; z++) {
        if (z == q || z == x) {
          continue;
        }
        double d = sigmoid(factored, positiveFactor, itemFactor, sx, rows[base + z], z);
        double c = (labels[z] == lq ? ab : b) * (d * (1 - d) / tau);
        grad[base + z] += c;
        total += c;
      }
      grad[base + x] -= total;
    }
  }

  private double sigmoid(
      boolean factored, double positiveFactor, double[] itemFactor, double sx, double sz, int z) {
    double e = factored ? positiveFactor * itemFactor[z] : Math.exp((sx - sz) / tau);
    return 1.0 / (1.0 + e);
  }
}

package org.rankkit.loss.recall;

import org.rankkit.api.loss.FusedRowDriver;
import org.rankkit.api.loss.RowKernel;

/**
 * The fused CPU kernel of recall-at-k, run by {@link FusedRowDriver}: for one valid query it
 * computes the loss term {@code L(q)} and the gradient row {@code dL(q)/dS[q][·]} analytically, in
 * plain Java, evaluating every sigmoid once.
 *
 * <p>Per query {@code q} with positives {@code P} and row {@code s = S[q][·]}:
 *
 * <ol>
 *   <li>rank pass: for every positive {@code x} the sigmoids {@code σ((s_z − s_x)/τ_sim)} over the
 *       whole row are computed once and summed into {@code r(q,x)}; in the same sweep they are
 *       replaced by their derivatives {@code σ(1 − σ)}, which are summed too and kept (the {@code
 *       |P| × N} chunk of this query only, or recomputed bit-identically when that chunk does not
 *       fit the scratch budget);
 *   <li>the recall terms {@code R_k(q)}, {@code L(q)} and the weights {@code w_x = dL/dr(q,x)};
 *   <li>gradient pass: {@code dL/ds_z = Σ_x w_x σ'(s_z − s_x)} from the kept derivatives, and
 *       {@code dL/ds_x −= w_x Σ_z σ'(s_z − s_x)} from their sums.
 * </ol>
 *
 * <p>Each kept row is its own array and the sums use fixed-order partial sums, so the inner loops
 * are simple enough for the JIT to vectorise or pipeline, and results are deterministic.
 *
 * <p>The sigmoid of a difference is evaluated as {@code 1 / (1 + e^{(s_x − c)/τ} · e^{(c −
 * s_z)/τ})} with {@code c} the midpoint of the row's range, so each row needs {@code N + |P|}
 * exponentials instead of {@code N·|P|}. This is used only when every exponent lies within ±700 (no
 * overflow, no subnormal); otherwise the row falls back to one exponential per pair. Both forms
 * agree with the direct one to a relative error of a few 1e-14.
 *
 * <p>A row's result depends on the row only (the driver sums the terms in query order), so results
 * do not depend on the number of threads (bit-reproducible).
 */
final class FusedRecallKernel implements RowKernel<FusedRecallKernel.Scratch> {

  /** Largest exponent magnitude used by the factorised sigmoid (e^700 is a normal double). */
  private static final double MAX_HALF_EXPONENT = 700.0;

  private final QueryPlan plan;
  private final double tauSim;
  private final boolean includeQuery;
  private final int scratchDoubles;

  /**
   * Creates a kernel.
   *
   * @param config loss parameters (temperatures, includeQuery, memory budget)
   * @param plan the batch's label structure
   */
  FusedRecallKernel(RecallAtKConfig config, QueryPlan plan) {
    this.plan = plan;
    this.tauSim = config.tauSim();
    this.includeQuery = config.includeQuery();
    long perWorker = config.memoryBudgetBytes() / FusedRowDriver.workers() / Double.BYTES;
    this.scratchDoubles = (int) Math.min(Integer.MAX_VALUE - 16, perWorker);
  }

  @Override
  public Scratch workspace() {
    return new Scratch(plan, scratchDoubles);
  }

  /** Per-worker buffers (one array per kept derivative row, so inner loops vectorise). */
  static final class Scratch {
    final double[] expNeg;
    final double[][] sig;
    final int[] positives;
    final double[] rank;
    final double[] derivativeSum;
    final double[] weight;
    final double[] rankSigDerivative;

    Scratch(QueryPlan plan, int scratchDoubles) {
      int n = plan.n;
      expNeg = new double[n];
      int maxP = Math.max(1, plan.maxPositives);
      // Store every positive's sigmoid row when the budget allows, else one row (recompute).
      int storedRows = (long) maxP * n <= scratchDoubles ? maxP : 1;
      sig = new double[storedRows][n];
      positives = new int[maxP];
      rank = new double[maxP];
      derivativeSum = new double[maxP];
      weight = new double[maxP];
      rankSigDerivative = new double[maxP * plan.kPrime.length];
    }
  }

  /**
   * Loss term {@code L(q)} and gradient row {@code dL(q)/dS[q][·]} (into {@code g}, which arrives
   * zeroed) of one valid query; the row is finite (the driver checks it).
   */
  @Override
  public double row(int q, double[] s, double[] g, Scratch w) {
    final int n = plan.n;
    final double invTau = 1.0 / tauSim;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int z = 0; z < n; z++) {
      double v = s[z];
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    // max − min may still overflow to infinity: then every pair takes its own exponential
    final boolean factorised = (max - min) * 0.5 * invTau <= MAX_HALF_EXPONENT;
    final double centre = 0.5 * (min + max);
    if (factorised) {
      double[] e = w.expNeg;
      for (int z = 0; z < n; z++) {
        e[z] = Math.exp((centre - s[z]) * invTau);
      }
    }
    final int p = plan.positives(q, w.positives);
    final boolean stored = w.sig.length >= p;
    for (int i = 0; i < p; i++) {
      double[] out = w.sig[stored ? i : 0];
      sigmoidRow(q, w.positives[i], s, w, out, factorised, centre, invTau);
      w.rank[i] = 1.0 + toDerivatives(out, w.derivativeSum, i);
    }

    // Recall terms and dL/dr.
    final int kCount = plan.kPrime.length;
    double recallSum = 0.0;
    java.util.Arrays.fill(w.weight, 0, p, 0.0);
    for (int j = 0; j < kCount; j++) {
      double kp = plan.kPrime[j];
      double tau = plan.tauRank[j];
      double count = 0.0;
      int base = j * p;
      for (int i = 0; i < p; i++) {
        double u = (kp - w.rank[i]) / tau;
        double t;
        double d;
        if (u >= 0) {
          double e = Math.exp(-u);
          t = 1.0 / (1.0 + e);
          d = e * t * t;
        } else {
          double e = Math.exp(u);
          double inv = 1.0 / (1.0 + e);
          t = e * inv;
          d = e * inv * inv;
        }
        count += t;
        w.rankSigDerivative[base + i] = d;
      }
      double denominator = Math.min(kp, p);
      recallSum += Math.min(kp, count) / denominator;
      if (count < kp) {
        double c = 1.0 / (denominator * tau);
        for (int i = 0; i < p; i++) {
          w.weight[i] += c * w.rankSigDerivative[base + i];
        }
      }
    }
    double loss = 1.0 - recallSum / kCount;

    // Gradient pass.
    double scale = 1.0 / kCount * invTau;
    for (int i = 0; i < p; i++) {
      double coef = w.weight[i] * scale;
      if (coef == 0.0) {
        continue;
      }
      int x = w.positives[i];
      double[] derivative;
      if (stored) {
        derivative = w.sig[i];
      } else {
        derivative = w.sig[0];
        sigmoidRow(q, x, s, w, derivative, factorised, centre, invTau);
        toDerivatives(derivative, w.derivativeSum, i);
      }
      for (int z = 0; z < n; z++) {
        g[z] += coef * derivative[z];
      }
      g[x] -= coef * w.derivativeSum[i];
    }
    return loss;
  }

  /**
   * Fills {@code out} with {@code σ((s_z − s_x)/τ)} for the rank pool of positive {@code x} (zero
   * outside the pool: at {@code z = x}, and at {@code z = q} unless includeQuery).
   */
  private void sigmoidRow(
      int q,
      int x,
      double[] s,
      Scratch w,
      double[] out,
      boolean factorised,
      double centre,
      double invTau) {
    final int n = plan.n;
    if (factorised) {
      final double bx = Math.exp((s[x] - centre) * invTau);
      final double[] e = w.expNeg;
      for (int z = 0; z < n; z++) {
        out[z] = 1.0 / (1.0 + bx * e[z]);
      }
    } else {
      final double sx = s[x];
      for (int z = 0; z < n; z++) {
        out[z] = 1.0 / (1.0 + Math.exp((sx - s[z]) * invTau));
      }
    }
    out[x] = 0.0;
    if (!includeQuery) {
      out[q] = 0.0;
    }
  }

  /**
   * Replaces sigmoids {@code t} by their derivatives {@code t(1 − t)} in place, stores {@code Σ t(1
   * − t)} in {@code derivativeSums[slot]} and returns {@code Σ t}. Sums use eight fixed-order
   * partial sums (fast and deterministic).
   *
   * @param a sigmoids in, derivatives out
   * @param derivativeSums receives the sum of the derivatives
   * @param slot index into {@code derivativeSums}
   * @return the sum of the sigmoids
   */
  static double toDerivatives(double[] a, double[] derivativeSums, int slot) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    double d0 = 0;
    double d1 = 0;
    double d2 = 0;
    double d3 = 0;
    int n = a.length;
    int z = 0;
    for (; z + 3 < n; z += 4) {
      double t0 = a[z];
      double t1 = a[z + 1];
      double t2 = a[z + 2];
      double t3 = a[z + 3];
      s0 += t0;
      s1 += t1;
      s2 += t2;
      s3 += t3;
      t0 = t0 * (1.0 - t0);
      t1 = t1 * (1.0 - t1);
      t2 = t2 * (1.0 - t2);
      t3 = t3 * (1.0 - t3);
      a[z] = t0;
      a[z + 1] = t1;
      a[z + 2] = t2;
      a[z + 3] = t3;
      d0 += t0;
      d1 += t1;
      d2 += t2;
      d3 += t3;
    }
    for (; z < n; z++) {
      double t = a[z];
      s0 += t;
      t = t * (1.0 - t);
      a[z] = t;
      d0 += t;
    }
    derivativeSums[slot] = (d0 + d1) + (d2 + d3);
    return (s0 + s1) + (s2 + s3);
  }
}

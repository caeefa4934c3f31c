package org.rankkit.loss.recall;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * The fused CPU kernel of recall-at-k: for each valid query it computes the loss term {@code L(q)}
 * and the gradient row {@code dL/dS[q][·]} analytically, in plain Java, evaluating every sigmoid
 * once; queries run in parallel on the common fork-join pool.
 *
 * <p>Per query {@code q} with positives {@code P} and row {@code s = S[q][·]}:
 *
 * <ol>
 *   <li>rank pass: for every positive {@code x} the sigmoids {@code σ((s_z − s_x)/τ_sim)} over the
 *       whole row are computed once and summed into {@code r(q,x)}; in the same sweep they are
 *       replaced by their derivatives {@code σ(1 − σ)}, which are summed too and kept (the {@code
 *       |P| × N} block of this query only, or recomputed bit-identically when that block does not
 *       fit the scratch budget);
 *   <li>the recall terms {@code R_k(q)}, {@code L(q)} and the weights {@code w_x = dL/dr(q,x)};
 *   <li>gradient pass: {@code dL/ds_z = Σ_x w_x σ'(s_z − s_x)} from the kept derivatives, and
 *       {@code dL/ds_x −= w_x Σ_z σ'(s_z − s_x)} from their sums.
 * </ol>
 *
 * <p>Each kept row is its own array and the sums use fixed-order partial sums, so the inner loops
 * are simple enough for the JIT to vectorise or pipeline, and results are deterministic.
 *
 * <p>The sigmoid of a difference is evaluated as {@code 1 / (1 + e^{(s_x − c)/τ} · e^{(c − s_z)/τ})}
 * with {@code c} the midpoint of the row's range, so each row needs {@code N + |P|} exponentials
 * instead of {@code N·|P|}. This is used only when every exponent lies within ±700 (no overflow, no
 * subnormal); otherwise the row falls back to one exponential per pair. Both forms agree with the
 * direct one to a relative error of a few 1e-14.
 *
 * <p>Every gradient row is written by exactly one thread and per-query losses are summed in query
 * order, so results do not depend on the number of threads (bit-reproducible).
 */
final class FusedRecallKernel {

  /** Reads similarity rows (global row index, into a double array of length N). */
  interface RowReader {
    /**
     * Reads one row.
     *
     * @param row the row index
     * @param out destination of length N
     * @param staging scratch of length N the reader may use (e.g. for float32 rows)
     */
    void read(int row, double[] out, float[] staging);
  }

  /** Writes gradient rows (global row index, from a double array of length N). */
  interface RowWriter {
    /**
     * Writes one row.
     *
     * @param row the row index
     * @param values the row's gradient, length N
     * @param staging scratch of length N the writer may use (e.g. for float32 rows)
     */
    void write(int row, double[] values, float[] staging);
  }

  /** Largest exponent magnitude used by the factorised sigmoid (e^700 is a normal double). */
  private static final double MAX_HALF_EXPONENT = 700.0;

  private final QueryPlan plan;
  private final double tauSim;
  private final boolean includeQuery;
  private final int scratchDoubles;
  private final int taskSize;

  /**
   * Creates a kernel.
   *
   * @param config loss parameters (temperatures, includeQuery, queryChunk, memory budget)
   * @param plan the batch's label structure
   */
  FusedRecallKernel(RecallAtKConfig config, QueryPlan plan) {
    this.plan = plan;
    this.tauSim = config.tauSim();
    this.includeQuery = config.includeQuery();
    int workers = workerCount();
    long perWorker = config.memoryBudgetBytes() / workers / Double.BYTES;
    this.scratchDoubles = (int) Math.min(Integer.MAX_VALUE - 16, perWorker);
    this.taskSize = config.queryChunk() > 0 ? config.queryChunk() : 0;
  }

  /** Returns how many threads work on a call (the caller plus the common pool). */
  static int workerCount() {
    return Math.max(1, java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1);
  }

  /**
   * Computes the loss terms and gradient rows of the valid queries in rows {@code [from, to)}.
   *
   * @param from first row (inclusive)
   * @param to last row (exclusive)
   * @param reader reads similarity rows (thread-safe)
   * @param writer writes gradient rows of valid queries, already divided by the number of valid
   *     queries (thread-safe for distinct rows); rows of other queries are not written
   * @return the sum of {@code L(q)} over the valid queries in the range (not yet divided)
   */
  double run(int from, int to, RowReader reader, RowWriter writer) {
    int[] valid = plan.validQueries;
    int lo = lowerBound(valid, from);
    int hi = lowerBound(valid, to);
    int count = hi - lo;
    if (count == 0) {
      return 0.0;
    }
    double[] losses = new double[count];
    int workers = workerCount();
    int size = taskSize > 0 ? taskSize : Math.max(1, Math.min(64, count / (workers * 8)));
    int tasks = (count + size - 1) / size;
    ConcurrentLinkedDeque<Scratch> pool = new ConcurrentLinkedDeque<>();
    double invValid = 1.0 / plan.validCount();
    // A parallel stream rethrows a task's exception without waiting for the other tasks, and the
    // caller then frees the tensors that the reader and writer view: every task must finish
    // normally, so a failure is recorded, the remaining tasks skip their work, and it is rethrown
    // once the stream has returned.
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    IntStream.range(0, tasks)
        .parallel()
        .forEach(
            t -> {
              if (failure.get() != null) {
                return;
              }
              Scratch w = pool.pollFirst();
              if (w == null) {
                w = new Scratch(plan, scratchDoubles);
              }
              try {
                int end = Math.min(count, (t + 1) * size);
                for (int i = t * size; i < end && failure.get() == null; i++) {
                  int q = valid[lo + i];
                  reader.read(q, w.row, w.staging);
                  losses[i] = query(q, w, invValid);
                  writer.write(q, w.grad, w.staging);
                }
              } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
              }
              pool.addFirst(w);
            });
    if (failure.get() != null) {
      throw failure.get();
    }
    double sum = 0.0;
    for (double l : losses) {
      sum += l;
    }
    return sum;
  }

  private static int lowerBound(int[] sorted, int key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Per-worker buffers (one array per kept derivative row, so inner loops vectorise). */
  private static final class Scratch {
    final double[] row;
    final double[] grad;
    final double[] expNeg;
    final float[] staging;
    final double[][] sig;
    final int[] positives;
    final double[] rank;
    final double[] derivativeSum;
    final double[] weight;
    final double[] rankSigDerivative;

    Scratch(QueryPlan plan, int scratchDoubles) {
      int n = plan.n;
      row = new double[n];
      grad = new double[n];
      expNeg = new double[n];
      staging = new float[n];
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
   * Loss term and gradient row ({@code w.grad}, scaled by {@code invValid}) of one valid query.
   */
  private double query(int q, Scratch w, double invValid) {
    final int n = plan.n;
    final double[] s = w.row;
    final double invTau = 1.0 / tauSim;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    boolean nan = false;
    for (int z = 0; z < n; z++) {
      double v = s[z];
      nan |= v != v;
      if (v < min) {
        min = v;
      }
      if (v > max) {
        max = v;
      }
    }
    if (nan || !(max - min < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "similarity row " + q + " contains NaN or infinite values; recall-at-k needs finite"
              + " similarities (check the embeddings)");
    }
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
    double[] g = w.grad;
    java.util.Arrays.fill(g, 0.0);
    double scale = invValid / kCount * invTau;
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
      int q, int x, double[] s, Scratch w, double[] out, boolean factorised, double centre,
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

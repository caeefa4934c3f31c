package org.rankkit.loss.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/** Test batches given as Java arrays, and running a loss on them with autograd. */
final class Batches {

  private Batches() {}

  /** Similarities {@code E·Eᵀ} of {@code n} random (optionally unit) vectors of dimension d. */
  static double[][] similarities(int n, int d, boolean unit, long seed) {
    Random r = new Random(seed);
    double[][] e = new double[n][d];
    for (int i = 0; i < n; i++) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        e[i][k] = r.nextGaussian();
        norm += e[i][k] * e[i][k];
      }
      double scale = unit ? 1 / Math.sqrt(norm) : 0.7 / Math.sqrt(d);
      for (int k = 0; k < d; k++) {
        e[i][k] *= scale;
      }
    }
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < d; k++) {
          s[i][j] += e[i][k] * e[j][k];
        }
      }
    }
    return s;
  }

  /** Random labels in {@code [0, classes)}, unsorted. */
  static long[] labels(int n, int classes, long seed) {
    Random r = new Random(seed);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = 100 + 7L * r.nextInt(classes);
    }
    return y;
  }

  static boolean[] allQueries(int n) {
    boolean[] q = new boolean[n];
    java.util.Arrays.fill(q, true);
    return q;
  }

  /**
   * Runs a loss on {@code S} (requiring gradients) and returns its value and {@code dL/dS}.
   *
   * @param loss the loss
   * @param s the similarities
   * @param y labels
   * @param queries query mask
   * @param realCount number of real items
   * @param dtype float32 or float64
   * @return the value and gradient, in float64
   */
  static ContrastiveReference.Result run(
      RankingLoss loss, double[][] s, long[] y, boolean[] queries, int realCount, DataType dtype) {
    int n = y.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s[i], 0, flat, i * n, n);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray sim = m.create(flat, new Shape(n, n)).toType(dtype, false);
      sim.setRequiresGradient(true);
      double value;
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray l = loss.compute(new SimilarityBatch(sim, y, queries, realCount, null));
        if (l.getShape().dimension() != 0 || l.getDataType() != dtype) {
          throw new AssertionError("not a scalar of " + dtype + ": " + l);
        }
        value = l.toType(DataType.FLOAT64, false).getDouble();
        gc.backward(l);
      }
      double[] g = sim.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
      double[][] grad = new double[n][n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(g, i * n, grad[i], 0, n);
      }
      return new ContrastiveReference.Result(value, grad);
    }
  }

  static double maxAbsDiff(double[][] a, double[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}

package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Similarity batches as plain Java arrays, for plugin tests that compare a loss with a brute-force
 * reference: seeded random similarities and labels, and a loss's value and {@code dL/dS} computed
 * with autograd (a {@link LossAndGradient}, the type brute-force references return too). Stateless
 * and thread-safe; every NDArray it creates is closed before it returns.
 */
public final class ArrayBatches {

  private ArrayBatches() {}

  /**
   * Returns the similarities {@code E·Eᵀ} of {@code n} random Gaussian vectors of dimension {@code
   * d}: unit vectors when {@code unit}, otherwise scaled by {@code 0.7/√d}.
   *
   * @param n number of items
   * @param d dimension
   * @param unit whether to L2-normalise the vectors
   * @param seed random seed
   * @return the {@code n × n} similarities
   */
  public static double[][] similarities(int n, int d, boolean unit, long seed) {
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

  /**
   * Returns {@code b} random unit vectors of dimension {@code d}: Gaussian rows, each divided by
   * its norm.
   *
   * @param b number of vectors
   * @param d dimension
   * @param random the source of the Gaussian entries (advanced by {@code b·d} draws)
   * @return the {@code b × d} vectors
   */
  public static double[][] unitEmbeddings(int b, int d, Random random) {
    double[][] e = new double[b][d];
    for (double[] row : e) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        row[k] = random.nextGaussian();
        norm += row[k] * row[k];
      }
      norm = Math.sqrt(norm);
      for (int k = 0; k < d; k++) {
        row[k] /= norm;
      }
    }
    return e;
  }

  /**
   * Returns random, unsorted labels of {@code classes} classes, with label values {@code 100 + 7c}
   * (not {@code 0..classes-1}, so losses cannot rely on small consecutive ids).
   *
   * @param n number of items
   * @param classes number of distinct classes to draw from
   * @param seed random seed
   * @return the labels
   */
  public static long[] labels(int n, int classes, long seed) {
    Random r = new Random(seed);
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = 100 + 7L * r.nextInt(classes);
    }
    return y;
  }

  /**
   * Returns a query mask with every item a query.
   *
   * @param n number of items
   * @return {@code n} times {@code true}
   */
  public static boolean[] allQueries(int n) {
    boolean[] q = new boolean[n];
    Arrays.fill(q, true);
    return q;
  }

  /**
   * Runs a loss on {@code S} (requiring gradients) and returns its value and {@code dL/dS}. Fails
   * with an {@link AssertionError} when the result is not a scalar of {@code dtype}.
   *
   * @param loss the loss
   * @param s the {@code N × N} similarities
   * @param y the {@code N} labels
   * @param queries the query mask
   * @param realCount number of real items (the rest are virtual)
   * @param dtype float32 or float64
   * @return the value and {@code dL/dS} ({@code N × N}), in float64
   */
  public static LossAndGradient run(
      RankingLoss loss, double[][] s, long[] y, boolean[] queries, int realCount, DataType dtype) {
    int n = y.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s[i], 0, flat, i * n, n);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray sim = m.create(flat, new Shape(n, n)).toType(dtype, false);
      return LossAndGradient.compute(
          sim,
          leaf -> {
            NDArray l = loss.compute(new SimilarityBatch(leaf, y, queries, realCount, null));
            if (l.getShape().dimension() != 0 || l.getDataType() != dtype) {
              throw new AssertionError("not a scalar of " + dtype + ": " + l);
            }
            return l;
          });
    }
  }

  /**
   * Asserts that a loss matches a brute-force reference on {@code S} in both precisions: run in
   * float64, its value within {@code 1e-12} of the reference and every entry of {@code dL/dS} less
   * than {@code 1e-12} away; run in float32, its value within {@code 1e-4} and every entry of
   * {@code dL/dS} less than {@code float32GradientTolerance} away.
   *
   * @param what names the case in a failure (e.g. the implementation)
   * @param loss the loss
   * @param s the {@code N × N} similarities
   * @param y the {@code N} labels
   * @param queries the query mask
   * @param realCount number of real items (the rest are virtual)
   * @param reference the reference's value and {@code dL/dS}
   * @param float32GradientTolerance the bound on {@code |dL/dS − reference|} in float32
   */
  public static void assertMatchesInBothPrecisions(
      String what,
      RankingLoss loss,
      double[][] s,
      long[] y,
      boolean[] queries,
      int realCount,
      LossAndGradient reference,
      double float32GradientTolerance) {
    assertClose(
        what + " (float64)",
        run(loss, s, y, queries, realCount, DataType.FLOAT64),
        reference,
        1e-12,
        1e-12);
    assertClose(
        what + " (float32)",
        run(loss, s, y, queries, realCount, DataType.FLOAT32),
        reference,
        1e-4,
        float32GradientTolerance);
  }

  /**
   * Asserts that a value and gradient match a reference: the value within {@code lossTolerance},
   * every gradient entry less than {@code gradientTolerance} away.
   *
   * @param what names the case in a failure
   * @param actual the value and gradient to check
   * @param reference the reference's
   * @param lossTolerance the bound on {@code |loss − reference|} (inclusive)
   * @param gradientTolerance the bound on {@code max |gradient − reference|} (exclusive)
   */
  public static void assertClose(
      String what,
      LossAndGradient actual,
      LossAndGradient reference,
      double lossTolerance,
      double gradientTolerance) {
    assertThat(actual.loss()).as(what).isCloseTo(reference.loss(), offset(lossTolerance));
    assertThat(maxAbsDiff(actual.gradient(), reference.gradient()))
        .as(what)
        .isLessThan(gradientTolerance);
  }

  /**
   * Returns the largest absolute difference between two matrices of the same shape.
   *
   * @param a first matrix
   * @param b second matrix
   * @return {@code max |a − b|}
   */
  public static double maxAbsDiff(double[][] a, double[][] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[i].length; j++) {
        max = Math.max(max, Math.abs(a[i][j] - b[i][j]));
      }
    }
    return max;
  }
}

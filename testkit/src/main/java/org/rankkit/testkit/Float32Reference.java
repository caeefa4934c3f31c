package org.rankkit.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.golden.LossCase;

/**
 * A loss's brute-force reference evaluated at the similarities the engine computes in float32: what
 * a float32 run should match where a case sits on a kink of the loss (the float64 similarities of
 * the case could fall on the other side of it).
 */
public final class Float32Reference {

  /** A brute-force reference: the loss and {@code dL/dS} of similarities. */
  @FunctionalInterface
  public interface OfSimilarities {
    /**
     * Computes the reference.
     *
     * @param similarities {@code B × B}
     * @param labels {@code B} labels
     * @param queries which rows are queries
     * @return the loss and {@code dL/dS}
     */
    LossAndGradient loss(double[][] similarities, long[] labels, boolean[] queries);
  }

  private Float32Reference() {}

  /**
   * Evaluates a reference, every item a query, at {@code S = E·Eᵀ} computed by the engine from the
   * case's embeddings rounded to float32, and chains {@code dL/dS} to {@code dL/dE} at those
   * embeddings.
   *
   * @param c the case
   * @param reference the loss's reference
   * @return the loss and {@code dL/dE} ({@code B × d})
   */
  public static LossAndGradient evaluate(LossCase c, OfSimilarities reference) {
    int b = c.size();
    int d = c.dimension();
    float[] flat = new float[b * d];
    double[][] e = new double[b][d];
    for (int i = 0; i < b; i++) {
      for (int k = 0; k < d; k++) {
        flat[i * d + k] = (float) c.embeddings()[i][k];
        e[i][k] = flat[i * d + k];
      }
    }
    double[][] s = new double[b][b];
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ea = m.create(flat, new Shape(b, d));
      float[] sf = ea.matMul(ea.transpose()).toFloatArray();
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          s[i][j] = sf[i * b + j];
        }
      }
    }
    boolean[] q = new boolean[b];
    Arrays.fill(q, true);
    LossAndGradient r = reference.loss(s, c.labels(), q);
    double[][] out = new double[b][d];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        for (int k = 0; k < d; k++) {
          out[i][k] += (r.gradient()[i][j] + r.gradient()[j][i]) * e[j][k];
        }
      }
    }
    return new LossAndGradient(r.loss(), out);
  }
}

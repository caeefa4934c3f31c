package org.rankkit.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.golden.LossCase;

/**
 * Evaluates a golden case with its mix applied as the dense product {@code S' = A S Aᵀ}
 * (docs/numeric-spec.md, simix), independent of the simix plugin: a reference that checks mix cases
 * without trusting the augmentation under test. Dense in {@code (B + |mix|)²}, so for small cases
 * only. Stateless and thread-safe; every NDArray it creates is closed before it returns.
 */
public final class DenseMixGoldenEvaluator {

  private DenseMixGoldenEvaluator() {}

  /**
   * Returns the loss parameters of a case: its params without {@code virtualQueries} (a simix
   * parameter).
   *
   * @param c the case
   * @return the parameters to create the loss with
   */
  public static Map<String, Object> lossParams(LossCase c) {
    Map<String, Object> p = new LinkedHashMap<>(c.params());
    p.remove("virtualQueries");
    return p;
  }

  /**
   * Evaluates a loss on a case with a dense SiMix.
   *
   * @param c the case
   * @param loss the loss
   * @param dtype float32 or float64
   * @return the loss and dL/dE
   */
  public static LossAndGradient evaluate(LossCase c, RankingLoss loss, DataType dtype) {
    int b = c.size();
    int d = c.dimension();
    double[][] mix = c.hasMix() ? c.mix() : new double[0][];
    int n = b + mix.length;
    boolean virtualQueries =
        !Boolean.FALSE.equals(c.params().get("virtualQueries"))
            && !"false".equals(String.valueOf(c.params().get("virtualQueries")));
    try (NDManager m = NDManager.newBaseManager()) {
      double[] flat = new double[b * d];
      for (int i = 0; i < b; i++) {
        System.arraycopy(c.embeddings()[i], 0, flat, i * d, d);
      }
      NDArray e = m.create(flat, new Shape(b, d)).toType(dtype, false);
      long[] labels = Arrays.copyOf(c.labels(), n);
      boolean[] queries = new boolean[n];
      Arrays.fill(queries, 0, b, true);
      double[] a = new double[n * b];
      for (int i = 0; i < b; i++) {
        a[i * b + i] = 1;
      }
      for (int t = 0; t < mix.length; t++) {
        int i = (int) mix[t][0];
        int j = (int) mix[t][1];
        a[(b + t) * b + i] += mix[t][2];
        a[(b + t) * b + j] += 1 - mix[t][2];
        labels[b + t] = c.labels()[i];
        queries[b + t] = virtualQueries;
      }
      NDArray mixing = mix.length > 0 ? m.create(a, new Shape(n, b)).toType(dtype, false) : null;
      return LossAndGradient.compute(
          e,
          leaf -> {
            NDArray s = leaf.matMul(leaf.transpose());
            if (mixing != null) {
              s = mixing.matMul(s).matMul(mixing.transpose());
            }
            return loss.compute(new SimilarityBatch(s, labels, queries, b, null));
          });
    }
  }
}

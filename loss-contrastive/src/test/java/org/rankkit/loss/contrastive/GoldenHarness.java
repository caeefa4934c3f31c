package org.rankkit.loss.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rankkit.api.check.LossCase;
import org.rankkit.api.check.LossEvaluation;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Test-only evaluation of a golden case that applies a case's mix as the dense product {@code S' =
 * A S Aᵀ} (SPEC.md, simix), independent of the simix plugin, so that mix cases are checked even
 * without it.
 */
final class GoldenHarness {

  private GoldenHarness() {}

  /** Loss parameters of a case: its params without {@code virtualQueries}. */
  static Map<String, Object> lossParams(LossCase c) {
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
  static LossEvaluation evaluate(LossCase c, RankingLoss loss, DataType dtype) {
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
      e.setRequiresGradient(true);
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
      double value;
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray s = e.matMul(e.transpose());
        if (mix.length > 0) {
          NDArray am = m.create(a, new Shape(n, b)).toType(dtype, false);
          s = am.matMul(s).matMul(am.transpose());
        }
        NDArray l = loss.compute(new SimilarityBatch(s, labels, queries, b, null));
        value = l.toType(DataType.FLOAT64, false).getDouble();
        gc.backward(l.add(e.sum().mul(0)));
      }
      double[] g = e.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
      double[][] grad = new double[b][d];
      for (int i = 0; i < b; i++) {
        System.arraycopy(g, i * d, grad[i], 0, d);
      }
      return new LossEvaluation(value, grad);
    }
  }
}

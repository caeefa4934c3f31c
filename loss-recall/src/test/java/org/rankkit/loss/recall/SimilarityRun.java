package org.rankkit.loss.recall;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/** Test helper: runs a loss on a similarity matrix that is itself the autograd leaf. */
final class SimilarityRun {

  /** Loss value and dL/dS. */
  record Result(double loss, double[][] gradient, DataType lossType, long lossDims) {}

  private SimilarityRun() {}

  static Result run(
      RankingLoss loss,
      double[][] s,
      long[] labels,
      boolean[] queryMask,
      int realCount,
      DataType dtype) {
    int n = labels.length;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray sim;
      if (dtype == DataType.FLOAT64) {
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(s[i], 0, flat, i * n, n);
        }
        sim = manager.create(flat, new Shape(n, n));
      } else {
        float[] flat = new float[n * n];
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            flat[i * n + j] = (float) s[i][j];
          }
        }
        sim = manager.create(flat, new Shape(n, n));
      }
      sim.setRequiresGradient(true);
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray l =
            loss.compute(new SimilarityBatch(sim, labels, queryMask, realCount, null));
        double value = l.toType(DataType.FLOAT64, false).getDouble();
        DataType type = l.getDataType();
        long dims = l.getShape().dimension();
        // an engine-made zero: NDArray.mul(Number) lets backward read a freed Java buffer
        collector.backward(l.add(EngineArrays.zeroLink(sim)));
        double[] g = sim.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
        double[][] grad = new double[n][n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(g, i * n, grad[i], 0, n);
        }
        return new Result(value, grad, type, dims);
      }
    }
  }

  static boolean[] allTrue(int n) {
    boolean[] mask = new boolean[n];
    java.util.Arrays.fill(mask, true);
    return mask;
  }
}

package org.rankkit.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/** Small, exactly-known losses and augmentations for the adapter's tests. */
final class TestLosses {

  private TestLosses() {}

  /**
   * Mean over valid queries of (mean negative similarity − mean positive similarity): linear in S,
   * {@code L = Σ W ∘ S} with a weight matrix that depends on the labels only. With no valid query W
   * is zero, so the loss is exactly 0 with an all-zero gradient, as the RankingLoss contract says.
   */
  static final RankingLoss GAP_LOSS =
      batch -> {
        double[][] w = weights(batch);
        int n = batch.size();
        double[] flat = new double[n * n];
        for (int i = 0; i < n; i++) {
          System.arraycopy(w[i], 0, flat, i * n, n);
        }
        NDArray s = batch.similarities();
        try (NDArray weights = owned(s.getManager().create(flat, new Shape(n, n)), s)) {
          return s.mul(weights).sum();
        }
      };

  /**
   * Returns an engine-owned copy of {@code borrowed} in {@code like}'s data type and closes {@code
   * borrowed}. On the CPU, arrays created from Java data borrow a direct buffer that is freed once
   * the array is closed and collected, while the autograd graph may still read it in backward.
   */
  static NDArray owned(NDArray borrowed, NDArray like) {
    try (borrowed) {
      return borrowed.getDataType() == like.getDataType()
          ? borrowed.duplicate()
          : borrowed.toType(like.getDataType(), false);
    }
  }

  /** The weight matrix of {@link #GAP_LOSS}. */
  static double[][] weights(SimilarityBatch batch) {
    int n = batch.size();
    double[][] w = new double[n][n];
    int valid = 0;
    for (int q = 0; q < n; q++) {
      if (!batch.isQuery(q)) {
        continue;
      }
      int pos = 0;
      int neg = 0;
      for (int z = 0; z < n; z++) {
        if (z != q) {
          if (batch.label(z) == batch.label(q)) {
            pos++;
          } else {
            neg++;
          }
        }
      }
      if (pos == 0) {
        continue;
      }
      valid++;
      for (int z = 0; z < n; z++) {
        if (z != q) {
          w[q][z] = batch.label(z) == batch.label(q) ? -1.0 / pos : (neg == 0 ? 0 : 1.0 / neg);
        }
      }
    }
    if (valid > 0) {
      for (double[] row : w) {
        for (int z = 0; z < n; z++) {
          row[z] /= valid;
        }
      }
    }
    return w;
  }

  /**
   * Adds one virtual item: a copy of a randomly chosen real item (same label), so {@code S' = A S
   * Aᵀ} with {@code A = [I; e_i]}. Gives a batch with all-distinct labels a valid query.
   */
  static final SimilarityAugmentation DUPLICATE_ONE =
      (batch, random) -> {
        int n = batch.size();
        int i = random.nextInt(batch.realCount());
        double[] a = new double[(n + 1) * n];
        for (int r = 0; r < n; r++) {
          a[r * n + r] = 1;
        }
        a[n * n + i] = 1;
        NDArray s = batch.similarities();
        try (NDArray mix = owned(s.getManager().create(a, new Shape(n + 1, n)), s)) {
          NDArray extended = mix.matMul(s).matMul(mix.transpose());
          long[] labels = Arrays.copyOf(batch.labels(), n + 1);
          labels[n] = batch.label(i);
          boolean[] queries = Arrays.copyOf(batch.queryMask(), n + 1);
          queries[n] = true;
          return new SimilarityBatch(
              extended, labels, queries, batch.realCount(), batch.embeddings());
        }
      };
}

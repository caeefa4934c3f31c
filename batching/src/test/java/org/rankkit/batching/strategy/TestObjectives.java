package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/** Simple differentiable losses and a mixup-like augmentation written for these tests. */
final class TestObjectives {

  private TestObjectives() {}

  /**
   * A contrastive-style loss on the similarities: {@code (1 - s)^2} for positive pairs, {@code
   * max(0, s - 0.2)^2} for negative pairs, averaged over the ordered pairs {@code q ≠ z} of query
   * rows.
   */
  static RankingLoss contrastive() {
    return batch -> {
      NDArray s = batch.similarities();
      NDManager m = s.getManager();
      int n = batch.size();
      double[] pos = new double[n * n];
      double[] neg = new double[n * n];
      int pairs = 0;
      for (int q = 0; q < n; q++) {
        if (!batch.isQuery(q)) {
          continue;
        }
        for (int z = 0; z < n; z++) {
          if (z != q) {
            pairs++;
            if (batch.label(q) == batch.label(z)) {
              pos[q * n + z] = 1;
            } else {
              neg[q * n + z] = 1;
            }
          }
        }
      }
      NDArray posMask = m.create(pos, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray negMask = m.create(neg, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray posTerm = s.neg().add(1).square().mul(posMask);
      NDArray negTerm = s.sub(0.2).maximum(0).square().mul(negMask);
      return posTerm.add(negTerm).sum().div(Math.max(1, pairs));
    };
  }

  /**
   * A SiMix-like augmentation: up to 4 random same-label pairs {@code (i, j)}, each adding a
   * virtual item {@code α e_i + (1 - α) e_j} with a random α, applied to the similarities as
   * {@code A S Aᵀ}.
   */
  static SimilarityAugmentation pairMix() {
    return (SimilarityBatch batch, RandomGenerator random) -> {
      int n = batch.size();
      List<int[]> pairs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (batch.label(i) == batch.label(j)) {
            pairs.add(new int[] {i, j});
          }
        }
      }
      int m = Math.min(4, pairs.size());
      double[] a = new double[(n + m) * n];
      for (int i = 0; i < n; i++) {
        a[i * n + i] = 1;
      }
      long[] labels = Arrays.copyOf(batch.labels(), n + m);
      boolean[] queries = Arrays.copyOf(batch.queryMask(), n + m);
      for (int v = 0; v < m; v++) {
        int[] pair = pairs.get(random.nextInt(pairs.size()));
        double alpha = random.nextDouble();
        a[(n + v) * n + pair[0]] += alpha;
        a[(n + v) * n + pair[1]] += 1 - alpha;
        labels[n + v] = batch.label(pair[0]);
        queries[n + v] = true;
      }
      NDArray s = batch.similarities();
      NDArray mixing = s.getManager().create(a, new Shape(n + m, n)).toType(s.getDataType(), false);
      NDArray extended = mixing.matMul(s).matMul(mixing.transpose());
      return new SimilarityBatch(extended, labels, queries, batch.realCount(), batch.embeddings());
    };
  }
}

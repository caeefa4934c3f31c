package org.rankkit.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * A small dense SiMix for the test kit's own tests ({@code S' = A S Aᵀ}): every unordered
 * same-label pair gets one virtual item with α drawn from the generator. Virtual items are queries.
 */
final class PairMixAugmentation implements SimilarityAugmentation {

  @Override
  public SimilarityBatch apply(SimilarityBatch batch, RandomGenerator random) {
    int b = batch.size();
    List<double[]> triples = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      for (int j = i + 1; j < b; j++) {
        if (batch.label(i) == batch.label(j)) {
          triples.add(new double[] {i, j, random.nextDouble()});
        }
      }
    }
    int n = b + triples.size();
    double[] a = new double[n * b];
    long[] labels = Arrays.copyOf(batch.labels(), n);
    boolean[] queries = new boolean[n];
    Arrays.fill(queries, true);
    for (int i = 0; i < b; i++) {
      a[i * b + i] = 1;
    }
    for (int k = 0; k < triples.size(); k++) {
      double[] t = triples.get(k);
      a[(b + k) * b + (int) t[0]] = t[2];
      a[(b + k) * b + (int) t[1]] = 1 - t[2];
      labels[b + k] = batch.label((int) t[0]);
    }
    NDArray s = batch.similarities();
    NDArray am = s.getManager().create(a, new Shape(n, b)).toType(s.getDataType(), false);
    NDArray extended = am.matMul(s).matMul(am.transpose());
    return new SimilarityBatch(extended, labels, queries, b, batch.embeddings());
  }
}

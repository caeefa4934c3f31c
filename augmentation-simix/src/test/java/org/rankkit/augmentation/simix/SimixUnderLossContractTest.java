package org.rankkit.augmentation.simix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.testkit.RankingLossContract;

/**
 * Runs the test kit's loss contract on simix-extended batches (default parameters: all pairs,
 * virtual queries), with a small softmax loss over positives defined here: finite values, exact
 * zeros without positives, invariance, finite-difference gradients through the gathers, no leaks.
 */
class SimixUnderLossContractTest implements RankingLossContract {

  /** {@code mean over valid queries of log Σ_Ω exp(s/τ) − log Σ_P exp(s/τ)}, τ = 0.1. */
  static final class SoftmaxOverPositives implements RankingLoss {
    @Override
    public NDArray compute(SimilarityBatch batch) {
      NDArray s = batch.similarities();
      NDManager outer = s.getManager();
      int n = batch.size();
      float[] pos = new float[n * n];
      float[] db = new float[n * n];
      float[] valid = new float[n];
      float[] invalid = new float[n];
      int count = 0;
      for (int q = 0; q < n; q++) {
        boolean any = false;
        for (int z = 0; z < n && batch.isQuery(q); z++) {
          if (z != q) {
            db[q * n + z] = 1;
            if (batch.label(z) == batch.label(q)) {
              pos[q * n + z] = 1;
              any = true;
            }
          }
        }
        valid[q] = any ? 1 : 0;
        invalid[q] = any ? 0 : 1;
        count += any ? 1 : 0;
      }
      try (NDManager scope = outer.newSubManager()) {
        scope.tempAttachAll(s);
        DataType type = s.getDataType();
        NDArray exp = s.mul(scope.create(10.0).toType(type, false).duplicate()).exp();
        // constants saved by autograd must be engine-owned copies (duplicate), not arrays that
        // wrap a Java buffer freed when the scope closes them
        NDArray num = exp.mul(scope.create(pos, new Shape(n, n)).toType(type, false).duplicate())
            .sum(new int[] {1});
        NDArray den = exp.mul(scope.create(db, new Shape(n, n)).toType(type, false).duplicate())
            .sum(new int[] {1});
        NDArray inv = scope.create(invalid).toType(type, false).duplicate();
        NDArray loss =
            den.add(inv).log().sub(num.add(inv).log())
                .mul(scope.create(valid).toType(type, false).duplicate())
                .sum()
                .mul(scope.create(1.0 / Math.max(1, count)).toType(type, false).duplicate());
        loss.attach(outer);
        return loss;
      }
    }
  }

  @Override
  public RankingLoss loss() {
    return new SoftmaxOverPositives();
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return new SimixAugmentation(SimixConfig.defaults());
  }
}

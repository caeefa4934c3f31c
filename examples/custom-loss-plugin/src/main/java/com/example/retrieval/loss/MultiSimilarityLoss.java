package com.example.retrieval.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The Multi-Similarity loss (Wang et al., "Multi-Similarity Loss with General Pair Weighting for
 * Deep Metric Learning", CVPR 2019), on a batch's similarities, without the paper's separate pair
 * mining step (every pair is weighted softly instead).
 *
 * <p>For a query {@code q} with positives {@code P_q} and negatives {@code N_q} in its gallery
 * (every other item):
 *
 * <pre>
 * L(q) = (1/α) log(1 + Σ_{p ∈ P_q} exp(−α (s(q,p) − λ)))
 *      + (1/β) log(1 + Σ_{n ∈ N_q} exp( β (s(q,n) − λ)))
 * </pre>
 *
 * and the batch loss is the mean of {@code L(q)} over valid queries (queries with at least one
 * positive); with none it is exactly 0 with an all-zero gradient. Both log-sum-exps are computed
 * with a max shift, so raw (unnormalised) similarities do not overflow.
 *
 * <p>Immutable and thread-safe; every intermediate NDArray is closed before {@link #compute}
 * returns, and the returned scalar is attached to the similarities' manager.
 */
public final class MultiSimilarityLoss implements RankingLoss {

  /** Replaces the entries outside a mask before exponentiating: {@code exp(−1e4) == 0}. */
  private static final double OUTSIDE = 1e4;

  private final MultiSimilarityConfig config;

  /**
   * Creates the loss.
   *
   * @param config the parameters
   */
  public MultiSimilarityLoss(MultiSimilarityConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    int n = batch.size();
    double[] positive = new double[n * n];
    double[] negative = new double[n * n];
    double[] valid = new double[n];
    int validCount = 0;
    for (int q = 0; q < n; q++) {
      if (!batch.isQuery(q)) {
        continue;
      }
      for (int z = 0; z < n; z++) {
        if (z != q) {
          if (batch.label(z) == batch.label(q)) {
            positive[q * n + z] = 1;
            valid[q] = 1;
          } else {
            negative[q * n + z] = 1;
          }
        }
      }
      validCount += (int) valid[q];
    }
    NDArray s = batch.similarities();
    NDManager owner = s.getManager();
    try (NDManager scope = owner.newSubManager()) {
      s.tempAttach(scope); // intermediates join the scope and are closed with it
      DataType type = s.getDataType();
      NDArray shifted = s.sub(config.base());
      NDArray positiveTerm =
          logOnePlusSumExp(
                  shifted.mul(constant(scope, -config.alpha(), type)),
                  constant(scope, positive, n, type))
              .div(constant(scope, config.alpha(), type));
      NDArray negativeTerm =
          logOnePlusSumExp(
                  shifted.mul(constant(scope, config.beta(), type)),
                  constant(scope, negative, n, type))
              .div(constant(scope, config.beta(), type));
      NDArray loss =
          positiveTerm
              .add(negativeTerm)
              .mul(owned(scope.create(valid), type))
              .sum()
              .div(constant(scope, Math.max(1, validCount), type));
      loss.attach(owner);
      return loss;
    }
  }

  /**
   * Row-wise {@code log(1 + Σ_z mask[q][z] · exp(x[q][z]))}, shifted by {@code m = max(0, max_z x)}
   * so that no exponential overflows; entries outside the mask get neither value nor gradient.
   */
  private static NDArray logOnePlusSumExp(NDArray x, NDArray mask) {
    NDArray inside = x.mul(mask).add(mask.sub(1).mul(OUTSIDE));
    NDArray shift = inside.max(new int[] {1}, true).maximum(0).stopGradient();
    NDArray sum = inside.sub(shift).exp().sum(new int[] {1}, true).add(shift.neg().exp());
    return sum.log().add(shift).squeeze(1);
  }

  /*
   * Constants that backward reads (the factor of a product, the divisor of a quotient) must be
   * owned by the engine. On the CPU, DJL's PyTorch engine creates arrays from Java data (and
   * x.mul(2.0), x.div(n) their scalar operand) as views of a direct ByteBuffer that only the Java
   * array object keeps alive: once such an array is closed, the autograd graph may read freed
   * memory during backward. duplicate() copies into engine-owned memory.
   */

  private static NDArray owned(NDArray borrowed, DataType type) {
    NDArray converted = borrowed.toType(type, false);
    return converted == borrowed ? borrowed.duplicate() : converted;
  }

  private static NDArray constant(NDManager manager, double[] values, int n, DataType type) {
    return owned(manager.create(values, new Shape(n, n)), type);
  }

  private static NDArray constant(NDManager manager, double value, DataType type) {
    return owned(manager.create(value), type);
  }

  @Override
  public String toString() {
    return "multi-similarity" + config;
  }
}

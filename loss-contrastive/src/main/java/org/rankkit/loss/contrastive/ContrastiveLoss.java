package org.rankkit.loss.contrastive;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Objects;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The pairwise contrastive loss exactly as SPEC.md defines it: over ordered pairs {@code (q, z)},
 * {@code z ≠ q}, with {@code q} a query (every query row of the batch's query mask, valid or not),
 * positive terms {@code [posMargin − s]₊} and negative terms {@code [s − negMargin]₊}; the loss is
 * the mean of the positive terms that are {@code > 0} plus the mean of the negative terms that are
 * {@code > 0}, each mean 0 when there is no such term.
 *
 * <p>Gradient convention at a term's kink (as autograd of {@code clamp(·, min=0)} divided by the
 * count of terms {@code > 0} gives it): a pair whose term is exactly 0 still receives the gradient
 * {@code ∓1/count}, provided the count is not 0.
 *
 * <p>{@code O(N²)} memory: the value and {@code dL/dS} are computed with engine ops on detached
 * similarities and handed to autograd as {@code sum(S ⊙ G) − stopGradient(sum(S ⊙ G)) + L}, so the
 * backward pass keeps only {@code S} and {@code G}. Works in the similarities' data type (float32
 * or float64) on their device.
 */
public final class ContrastiveLoss implements RankingLoss {

  private final ContrastiveConfig config;

  /**
   * Creates the loss.
   *
   * @param config validated parameters
   */
  public ContrastiveLoss(ContrastiveConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Returns the parameters. */
  public ContrastiveConfig config() {
    return config;
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    NDArray s = batch.similarities();
    DataType dtype = s.getDataType();
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
      throw new IllegalArgumentException(
          "similarities must be float32 or float64, got " + dtype);
    }
    int n = batch.size();
    try (NDManager scope = s.getManager().newSubManager(s.getDevice())) {
      NDArray sd = s.stopGradient();
      sd.attach(scope);
      if (sd.isNaN().logicalOr(sd.isInfinite()).any().getBoolean()) {
        throw new IllegalArgumentException(
            "similarities contain NaN or infinite values; contrastive needs finite similarities"
                + " (check the embeddings)");
      }
      NDArray labels = scope.create(batch.labels());
      NDArray columns = scope.arange(0, n, 1, DataType.INT64);
      NDArray queries = scope.create(batch.queryMask()).reshape(n, 1);
      NDArray pairs = columns.reshape(n, 1).neq(columns.reshape(1, n)).logicalAnd(queries);
      NDArray same = labels.reshape(n, 1).eq(labels.reshape(1, n));
      NDArray posPairs = pairs.logicalAnd(same);
      NDArray negPairs = pairs.logicalAnd(same.logicalNot());

      NDArray posU = sd.neg().addi(config.posMargin()); // posMargin − s
      NDArray negU = sd.sub(config.negMargin()); // s − negMargin
      NDArray grad = scope.zeros(sd.getShape(), dtype);
      double loss = 0;
      Term pos = term(posU, posPairs, dtype);
      if (pos.count > 0) {
        loss += pos.sum / pos.count;
        grad.subi(pos.gradMask.divi(pos.count));
      }
      Term neg = term(negU, negPairs, dtype);
      if (neg.count > 0) {
        loss += neg.sum / neg.count;
        grad.addi(neg.gradMask.divi(neg.count));
      }
      NDArray linear = s.mul(grad);
      linear.attach(scope);
      NDArray total = linear.sum();
      NDArray out =
          total.sub(total.stopGradient()).add(scope.create(loss).toType(dtype, false));
      out.attach(s.getManager());
      return out;
    }
  }

  private record Term(double sum, long count, NDArray gradMask) {}

  /** The sum and count of the terms {@code u > 0} over {@code pairs}, and the mask {@code u ≥ 0}. */
  private static Term term(NDArray u, NDArray pairs, DataType dtype) {
    NDArray positive = u.gt(0).logicalAnd(pairs);
    long count = positive.sum().toType(DataType.INT64, false).getLong();
    double sum =
        u.mul(positive.toType(dtype, false)).sum().toType(DataType.FLOAT64, false).getDouble();
    NDArray gradMask = u.gte(0).logicalAnd(pairs).toType(dtype, false);
    return new Term(sum, count, gradMask);
  }

  @Override
  public String toString() {
    return "contrastive" + config;
  }
}

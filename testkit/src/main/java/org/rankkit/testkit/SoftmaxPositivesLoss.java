package org.rankkit.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * A tiny reference loss in engine operations, for contract tests that need some loss (e.g. the loss
 * contract on an augmentation's batches): for each valid query {@code q}, {@code L(q) = log
 * Σ_{z∈Ω_q} exp(s(q,z)/τ) − log Σ_{x∈P_q} exp(s(q,x)/τ)}, mean over valid queries, exactly 0
 * without valid query. For the test kit's own tests, {@link Variant} switches on deliberate
 * defects.
 */
public final class SoftmaxPositivesLoss implements RankingLoss {

  /** Deliberate defects, each of which one contract test must catch. */
  enum Variant {
    CORRECT,
    NAN_WITHOUT_POSITIVES,
    ORDER_DEPENDENT,
    LABEL_VALUE_DEPENDENT,
    WRONG_GRADIENT,
    LEAKS_AN_ARRAY,
    FREES_SAVED_CONSTANTS
  }

  private final double tau;
  private final Variant variant;

  SoftmaxPositivesLoss(double tau, Variant variant) {
    this.tau = tau;
    this.variant = variant;
  }

  /**
   * Creates the loss.
   *
   * @param tau the softmax temperature τ
   */
  public SoftmaxPositivesLoss(double tau) {
    this(tau, Variant.CORRECT);
  }

  /**
   * A constant in {@code type} that autograd may keep after the scope closes: an engine-owned copy
   * ({@code duplicate()}), except in the {@link Variant#FREES_SAVED_CONSTANTS} variant, which keeps
   * the array that wraps the Java buffer (freed once the scope closes it).
   */
  private NDArray constant(NDArray created, ai.djl.ndarray.types.DataType type) {
    NDArray typed = created.toType(type, false);
    return variant == Variant.FREES_SAVED_CONSTANTS ? typed : typed.duplicate();
  }

  @Override
  public NDArray compute(SimilarityBatch batch) {
    NDArray s = batch.similarities();
    NDManager outer = s.getManager();
    int n = batch.size();
    float[] pos = new float[n * n];
    float[] db = new float[n * n];
    float[] weight = new float[n];
    float[] invalid = new float[n];
    int valid = 0;
    for (int q = 0; q < n; q++) {
      boolean hasPositive = false;
      if (batch.isQuery(q)) {
        for (int z = 0; z < n; z++) {
          if (z != q) {
            db[q * n + z] = 1;
            if (batch.label(z) == batch.label(q)) {
              pos[q * n + z] = 1;
              hasPositive = true;
            }
          }
        }
      }
      weight[q] = hasPositive ? 1 : 0;
      invalid[q] = hasPositive ? 0 : 1;
      if (hasPositive) {
        valid++;
        if (variant == Variant.ORDER_DEPENDENT) {
          weight[q] = 1 + q % 2;
        } else if (variant == Variant.LABEL_VALUE_DEPENDENT) {
          weight[q] = 1 + Math.floorMod(batch.label(q), 2);
        }
      }
    }
    if (variant == Variant.LEAKS_AN_ARRAY) {
      outer.create(new float[] {1f}); // never closed
    }
    try (NDManager scope = outer.newSubManager()) {
      scope.tempAttachAll(s);
      var type = s.getDataType();
      NDArray exp = s.mul(constant(scope.create(1 / tau), type)).exp();
      NDArray num = exp.mul(constant(scope.create(pos, new Shape(n, n)), type)).sum(new int[] {1});
      NDArray den = exp.mul(constant(scope.create(db, new Shape(n, n)), type)).sum(new int[] {1});
      NDArray inv = constant(scope.create(invalid), type);
      NDArray perQuery = den.add(inv).log().sub(num.add(inv).log());
      NDArray total = perQuery.mul(constant(scope.create(weight), type)).sum();
      NDArray loss;
      if (variant == Variant.NAN_WITHOUT_POSITIVES) {
        loss = total.mul(constant(scope.create(1.0 / valid), type));
      } else {
        loss = total.mul(constant(scope.create(1.0 / Math.max(1, valid)), type));
      }
      if (variant == Variant.WRONG_GRADIENT) {
        NDArray half = constant(scope.create(0.5), type);
        loss = loss.stopGradient().add(loss.mul(half)).sub(loss.stopGradient().mul(half));
      }
      loss.attach(outer);
      return loss;
    }
  }
}

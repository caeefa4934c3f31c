package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;

/**
 * A ranking loss: a differentiable scalar function of a {@link SimilarityBatch}.
 *
 * <p>Contract (checked by the {@code testkit} conformance tests):
 *
 * <ul>
 *   <li>the result is a scalar ({@code Shape()}) of the similarities' data type, attached to the
 *       similarities' manager, differentiable with respect to the similarities when they require
 *       gradients (so autograd reaches the embeddings);
 *   <li>a query with no positive is not valid and contributes nothing; with no valid query the loss
 *       is exactly 0 and its gradient all zeros, never NaN;
 *   <li>the value does not depend on the order of items nor on the integer values of labels;
 *   <li>intermediate arrays are closed before returning (no native-memory leak per call).
 * </ul>
 *
 * <p>Closing an intermediate does not break autograd, with one exception on DJL's PyTorch engine:
 * on the CPU an array created from Java data ({@code manager.create(double[])}, and the scalar
 * operand of {@code x.mul(2.0)} or {@code x.div(n)}) only borrows a Java buffer, which is freed
 * once the array is closed and collected. If backward reads such an array (a factor of a product, a
 * divisor, a matmul or gather operand), make it engine-owned first with {@code duplicate()};
 * otherwise gradients silently become garbage after a garbage collection.
 *
 * <p>Implementations are immutable and may be called from one thread at a time per batch.
 */
@FunctionalInterface
public interface RankingLoss {

  /**
   * Computes the loss of a batch.
   *
   * @param batch the similarities, labels and query mask
   * @return a scalar NDArray owned by the caller (attached to the similarities' manager)
   */
  NDArray compute(SimilarityBatch batch);
}

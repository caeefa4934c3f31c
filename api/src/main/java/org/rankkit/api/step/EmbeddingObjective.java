package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;

/**
 * The training objective of one step as a function of the batch's embeddings.
 *
 * <p>Batch strategies call it exactly once per step, with autograd recording, on embeddings that
 * require gradients. Implementations may keep state between steps (a random generator), so an
 * instance belongs to one training run and one thread.
 */
@FunctionalInterface
public interface EmbeddingObjective {

  /**
   * Computes the loss.
   *
   * @param embeddings {@code B × d} embeddings of the real batch items
   * @param labels {@code B} class ids
   * @return a scalar NDArray attached to the embeddings' manager (the caller closes that manager)
   */
  NDArray compute(NDArray embeddings, long[] labels);
}

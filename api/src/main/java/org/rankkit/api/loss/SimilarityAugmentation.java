package org.rankkit.api.loss;

import java.util.random.RandomGenerator;

/**
 * Extends a similarity batch with virtual items (SiMix and the like).
 *
 * <p>The returned batch keeps the input's real items first (same order, same similarities) and
 * appends virtual items; its similarity matrix must be differentiable with respect to the input's
 * similarities so that gradients flow back to the real embeddings. Arrays created here are attached
 * to the input similarities' manager and closed with it; arrays that backward reads (mixing
 * weights, indices) must be engine-owned, not views of Java data (see {@link RankingLoss}).
 * Implementations are immutable; all randomness comes from the {@code random} argument, so a seeded
 * generator reproduces a run.
 */
@FunctionalInterface
public interface SimilarityAugmentation {

  /**
   * Augments a batch.
   *
   * @param batch the batch to extend (not modified)
   * @param random source of randomness for sampling (e.g. mixing pairs and weights)
   * @return a batch with {@code batch.size()} real-first items plus any virtual ones
   */
  SimilarityBatch apply(SimilarityBatch batch, RandomGenerator random);
}

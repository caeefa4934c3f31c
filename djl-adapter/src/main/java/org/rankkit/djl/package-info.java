/**
 * RankKit losses in a team's own DJL training loop.
 *
 * <p>{@link org.rankkit.djl.RankingLossAdapter} turns any {@link org.rankkit.api.loss.RankingLoss}
 * (with optional {@link org.rankkit.api.loss.SimilarityAugmentation}s such as SiMix) into a DJL
 * {@link ai.djl.training.loss.Loss} whose predictions are the batch's embeddings and whose labels
 * are class ids; {@link org.rankkit.djl.RankingTrainer} is a drop-in DJL {@link
 * ai.djl.training.Trainer} that skips the optimiser update of batches in which no query has a
 * positive.
 */
package org.rankkit.djl;

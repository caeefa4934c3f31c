/**
 * The similarity-batch view of a training step, ranking losses and similarity augmentations.
 *
 * <p>Every built-in loss is a function of pairwise similarities and labels only; see
 * {@link org.rankkit.api.loss.SimilarityBatch} for the exact contract and who owns which array.
 */
package org.rankkit.api.loss;

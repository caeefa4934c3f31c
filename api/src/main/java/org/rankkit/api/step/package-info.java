/**
 * How one optimisation step turns a batch of inputs into embeddings, a loss and gradients.
 *
 * <p>A {@link org.rankkit.api.step.BatchStrategy} (plain, memory-bounded, ...) drives the network
 * and the optimiser; an {@link org.rankkit.api.step.EmbeddingObjective} (usually a {@link
 * org.rankkit.api.step.SimilarityObjective}: loss plus similarity augmentations) maps the batch's
 * embeddings to the scalar loss.
 */
package org.rankkit.api.step;

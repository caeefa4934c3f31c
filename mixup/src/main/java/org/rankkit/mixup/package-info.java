/**
 * Similarity augmentations: the {@code simix} plugin (SiMix, similarity mixup; Patel, Tolias,
 * Matas, CVPR 2022).
 *
 * <p>{@link org.rankkit.mixup.SimixAugmentation} extends a similarity batch with virtual items
 * {@code v = α e_i + (1 − α) e_j} of same-label pairs, working on the similarity matrix alone: each
 * virtual row and column is a weighted sum of two gathered real rows/columns. {@link
 * org.rankkit.mixup.PairSampler} chooses the pairs; {@link org.rankkit.mixup.SimixConfig} holds the
 * parameters; {@link org.rankkit.mixup.MixupPlugin} registers the factory.
 */
package org.rankkit.mixup;

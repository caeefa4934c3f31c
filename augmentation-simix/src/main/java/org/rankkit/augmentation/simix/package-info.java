/**
 * Similarity augmentations: the {@code simix} plugin (SiMix, similarity mixup; Patel, Tolias,
 * Matas, CVPR 2022).
 *
 * <p>{@link org.rankkit.augmentation.simix.SimixAugmentation} extends a similarity batch with
 * virtual items {@code v = α e_i + (1 − α) e_j} of same-label pairs, working on the similarity
 * matrix alone: each virtual row and column is a weighted sum of two gathered real rows/columns.
 * {@link org.rankkit.augmentation.simix.PairSampler} chooses the pairs; {@link
 * org.rankkit.augmentation.simix.SimixConfig} holds the parameters; {@link
 * org.rankkit.augmentation.simix.SimixPlugin} registers the factory.
 */
package org.rankkit.augmentation.simix;

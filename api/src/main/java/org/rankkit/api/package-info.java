/**
 * RankKit's service-provider interface and value types.
 *
 * <p>Three plugin kinds exist: a {@link org.rankkit.api.loss.RankingLoss} (a function of a {@link
 * org.rankkit.api.loss.SimilarityBatch}), a {@link org.rankkit.api.loss.SimilarityAugmentation}
 * (adds virtual items to a similarity batch, e.g. SiMix) and a {@link
 * org.rankkit.api.step.BatchStrategy} (turns one batch of inputs into embeddings, loss and
 * gradients). Plugins are discovered and instantiated through {@link
 * org.rankkit.api.plugin.PluginRegistry}; {@link org.rankkit.api.RankKit} is the entry point for
 * library users.
 */
package org.rankkit.api;

/**
 * Embedding networks: backbones ({@link org.rankkit.trainer.model.SmallResidualCnn}, DJL's ResNet,
 * TorchScript files) and the {@link org.rankkit.trainer.model.EmbeddingModel} head (pooling,
 * linear, L2 normalisation).
 */
package org.rankkit.trainer.model;

/**
 * After training: the exported model directory ({@link org.rankkit.inference.ModelExport}, {@link
 * org.rankkit.inference.ModelInfo}), the {@link org.rankkit.inference.Embedder} that loads it and
 * embeds images with the training run's evaluation preprocessing, the TorchScript {@code
 * embedder.pt} for PyTorch users ({@link org.rankkit.inference.TorchScriptExport}), and the {@link
 * org.rankkit.inference.RankKitModels} entry point.
 */
package org.rankkit.inference;

/**
 * The similarity-batch view of a training step, ranking losses and similarity augmentations, and
 * the building chunks every built-in loss is made of.
 *
 * <p>Every built-in loss is a function of pairwise similarities and labels only; see {@link
 * org.rankkit.api.loss.SimilarityBatch} for the exact contract and who owns which array. A loss
 * implements {@link org.rankkit.api.loss.RankingLoss}; an augmentation implements {@link
 * org.rankkit.api.loss.SimilarityAugmentation}.
 *
 * <p>Building chunks, each written once and shared by the built-in losses, SiMix and evaluation:
 *
 * <ul>
 *   <li>{@link org.rankkit.api.loss.LabelStructure}: valid queries and their positives, computed
 *       once per batch;
 *   <li>{@link org.rankkit.api.loss.Implementation}: the {@code implementation} parameter ({@code
 *       auto}, {@code fused-cpu}, {@code engine}) resolved from the similarities' device;
 *   <li>{@link org.rankkit.api.loss.RowKernel} and {@link org.rankkit.api.loss.FusedRowDriver}: a
 *       loss written as per-row math in plain Java (a row's term and gradient row); the driver
 *       splits rows into chunks and parallel tasks, reads and checks the similarities, combines the
 *       terms and hands the result to autograd. Every built-in loss's {@code fused-cpu}
 *       implementation is such a kernel;
 *   <li>{@link org.rankkit.api.loss.LinearisedLoss}: a loss value and gradient computed outside
 *       autograd, handed back to it (what the driver and the engine paths end with);
 *   <li>{@link org.rankkit.api.loss.LossAndGradient}: a loss value and its gradient as Java
 *       numbers, and {@link org.rankkit.api.loss.LossAndGradient#compute} to get one under autograd
 *       (tests, golden cases, brute-force references);
 *   <li>{@link org.rankkit.api.loss.FiniteSimilarities} and {@link
 *       org.rankkit.api.loss.EngineArrays}: the non-finite check and engine-owned arrays.
 * </ul>
 */
package org.rankkit.api.loss;

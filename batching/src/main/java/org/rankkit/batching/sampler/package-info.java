/**
 * Batch samplers: which dataset items form each training batch.
 *
 * <p>{@link org.rankkit.batching.sampler.ClassBalancedSampler} builds batches of {@code
 * classesPerBatch × perClass} items (the setting ranking losses need: every query has positives);
 * {@link org.rankkit.batching.sampler.RandomBatchSampler} draws plain random batches. Both are
 * deterministic functions of their seed and epoch, and their position ({@link
 * org.rankkit.batching.sampler.SamplerPosition}) can be saved in a checkpoint and restored.
 */
package org.rankkit.batching.sampler;

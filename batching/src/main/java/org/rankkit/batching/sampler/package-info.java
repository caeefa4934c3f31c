/**
 * Batch samplers: which dataset items form each training batch.
 *
 * <p>{@link org.rankkit.batching.sampler.ClassBalancedSampler} builds batches of {@code
 * classesPerBatch × perClass} items (the setting ranking losses need: every query has positives), a
 * deterministic function of its seed and the epoch, so a position ({@link
 * org.rankkit.batching.sampler.SamplerPosition}) saved in a checkpoint restores it exactly.
 */
package org.rankkit.batching.sampler;

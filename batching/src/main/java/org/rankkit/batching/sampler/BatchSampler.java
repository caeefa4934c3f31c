package org.rankkit.batching.sampler;

import java.util.List;

/**
 * Chooses the dataset items of every training batch, epoch after epoch.
 *
 * <p>An epoch's batches are a deterministic function of the sampler's configuration (seed included)
 * and the epoch number, so {@link #epoch(long)} can be called for any epoch in any order, and a
 * {@link SamplerPosition} saved in a checkpoint is all a resumed run needs. Items are indices into
 * the label array the sampler was built from. Immutable: epochs are computed on demand.
 */
public interface BatchSampler {

  /** {@return the number of items in every batch} */
  int batchSize();

  /**
   * Returns every batch of an epoch, in order (the last incomplete batch is dropped, so every batch
   * has exactly {@link #batchSize()} items and no item appears twice in an epoch).
   *
   * @param epoch zero-based epoch
   * @return the batches; each array holds item indices and may be modified by the caller
   * @throws IllegalArgumentException when epoch is negative
   */
  List<int[]> epoch(long epoch);
}

package org.rankkit.batching.sampler;

/**
 * Where training stands in a {@link BatchSampler}'s sequence: the next batch to train is batch
 * {@code batch} of {@link BatchSampler#epoch(long) epoch(epoch)}. A checkpoint saves it, and
 * resuming from it reproduces the batches exactly, because every epoch's batches are a function of
 * the seed and the epoch.
 *
 * @param epoch zero-based epoch, {@code >= 0}
 * @param batch zero-based index of the batch within the epoch, {@code >= 0}
 */
public record SamplerPosition(long epoch, int batch) {

  /** The position of a fresh sampler: epoch 0, batch 0. */
  public static final SamplerPosition START = new SamplerPosition(0, 0);

  /**
   * Validates the position.
   *
   * @param epoch zero-based epoch, {@code >= 0}
   * @param batch zero-based batch index within the epoch, {@code >= 0}
   * @throws IllegalArgumentException when either is negative
   */
  public SamplerPosition {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    if (batch < 0) {
      throw new IllegalArgumentException("batch must be >= 0, got " + batch);
    }
  }
}

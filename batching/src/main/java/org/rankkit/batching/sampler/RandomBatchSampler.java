package org.rankkit.batching.sampler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plain random batches: every epoch shuffles all items and cuts them into consecutive batches of
 * {@code batchSize}, dropping the last incomplete one. Class balance is not enforced, so a query
 * may have no positive in its batch. Not thread-safe.
 */
public final class RandomBatchSampler implements BatchSampler {

  private static final long EPOCH_MIX = 0xC2B2AE3D27D4EB4FL;

  private final int itemCount;
  private final int batchSize;
  private final long seed;
  private final EpochCursor cursor;

  /**
   * Creates a sampler.
   *
   * @param itemCount number of dataset items (indices {@code 0..itemCount-1})
   * @param batchSize items per batch, {@code 1 <= batchSize <= itemCount}
   * @param seed seed of the per-epoch shuffles
   * @throws IllegalArgumentException when batchSize is out of range
   */
  public RandomBatchSampler(int itemCount, int batchSize, long seed) {
    if (batchSize < 1 || batchSize > itemCount) {
      throw new IllegalArgumentException(
          "batchSize must be in [1, itemCount = " + itemCount + "], got " + batchSize);
    }
    this.itemCount = itemCount;
    this.batchSize = batchSize;
    this.seed = seed;
    this.cursor = new EpochCursor(this::epoch);
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public List<int[]> epoch(long epoch) {
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    int[] order = new int[itemCount];
    Arrays.setAll(order, i -> i);
    ClassBalancedSampler.shuffle(order, new SplittableRandom(seed + EPOCH_MIX * (epoch + 1)));
    List<int[]> batches = new ArrayList<>(itemCount / batchSize);
    for (int start = 0; start + batchSize <= itemCount; start += batchSize) {
      batches.add(Arrays.copyOfRange(order, start, start + batchSize));
    }
    return Collections.unmodifiableList(batches);
  }

  @Override
  public int[] next() {
    return cursor.next();
  }

  @Override
  public SamplerPosition position() {
    return cursor.position();
  }

  @Override
  public void seek(SamplerPosition position) {
    cursor.seek(position);
  }
}

package org.rankkit.batching.sampler;

import java.util.List;
import java.util.function.LongFunction;

/**
 * The stateful half of a sampler: walks the batches of successive epochs and remembers where it
 * stands. Keeps the current epoch's batch plan so that {@code next()} is cheap.
 */
final class EpochCursor {

  private final LongFunction<List<int[]>> plan;
  private long epoch;
  private int batch;
  private List<int[]> batches;

  EpochCursor(LongFunction<List<int[]>> plan) {
    this.plan = plan;
  }

  int[] next() {
    if (batches == null) {
      batches = plan.apply(epoch);
    }
    if (batch >= batches.size()) {
      if (batches.isEmpty()) {
        throw new IllegalStateException(
            "epoch " + epoch + " has no complete batch: too few items (or classes) for the batch"
                + " size");
      }
      epoch++;
      batch = 0;
      batches = plan.apply(epoch);
      if (batches.isEmpty()) {
        throw new IllegalStateException(
            "epoch " + epoch + " has no complete batch: too few items (or classes) for the batch"
                + " size");
      }
    }
    return batches.get(batch++).clone();
  }

  SamplerPosition position() {
    return new SamplerPosition(epoch, batch);
  }

  void seek(SamplerPosition position) {
    if (position.epoch() != epoch) {
      batches = null;
    }
    epoch = position.epoch();
    batch = position.batch();
  }
}

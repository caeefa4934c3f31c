package org.rankkit.trainer.run;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rankkit.data.ImageSet;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * The training data pipeline: background threads ({@code loaderThreads}) decode the pixels of the
 * next batches of an epoch while the current one trains, at most {@code loaderThreads + 1} batches
 * ahead. Each batch's image augmentation is seeded from (seed, epoch, step), so the pixels do not
 * depend on the threads' timing. Used by one thread; {@link #close()} stops the loader threads.
 */
public final class BatchPrefetcher implements AutoCloseable {

  private final ImageSet train;
  private final boolean augment;
  private final long seed;
  private final int depth;
  private final ExecutorService loaders;
  private final Deque<Future<float[]>> pending = new ArrayDeque<>();
  private List<int[]> batches = List.of();
  private int epoch;
  private int nextToLoad;

  /**
   * Starts the loader threads (daemon threads named {@code rankkit-loader}).
   *
   * @param train the training images
   * @param config {@code loaderThreads}, {@code imageAugment} and {@code seed}
   */
  public BatchPrefetcher(ImageSet train, TrainingConfig config) {
    this.train = train;
    this.augment = config.imageAugment();
    this.seed = config.seed();
    this.depth = config.loaderThreads() + 1;
    this.loaders =
        Executors.newFixedThreadPool(
            config.loaderThreads(),
            r -> {
              Thread t = new Thread(r, "rankkit-loader");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts an epoch: the batches {@link #next()} returns from now on are {@code batches}, from
   * {@code firstStep} on.
   *
   * @param epoch zero-based epoch (it seeds the image augmentation)
   * @param batches the epoch's batches, as item indices
   * @param firstStep the first batch to load (non-zero when resuming mid-epoch)
   */
  void startEpoch(int epoch, List<int[]> batches, int firstStep) {
    this.epoch = epoch;
    this.batches = batches;
    this.nextToLoad = firstStep;
    pending.clear();
  }

  /**
   * Returns the pixels of the epoch's next batch, after queueing the loads of the batches after it.
   *
   * @return the batch's pixels, item after item
   * @throws IOException when loading failed or was interrupted
   */
  float[] next() throws IOException {
    while (nextToLoad < batches.size() && pending.size() < depth) {
      int[] indices = batches.get(nextToLoad);
      SplittableRandom random = new SplittableRandom(StepSeeds.images(seed, epoch, nextToLoad));
      pending.addLast(loaders.submit(() -> train.loadFloats(indices, augment, random)));
      nextToLoad++;
    }
    return await(pending.removeFirst());
  }

  private static float[] await(Future<float[]> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while loading a batch", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException("loading a batch failed: " + cause, cause);
    }
  }

  /** Stops the loader threads, abandoning batches still being loaded. */
  @Override
  public void close() {
    loaders.shutdownNow();
  }
}

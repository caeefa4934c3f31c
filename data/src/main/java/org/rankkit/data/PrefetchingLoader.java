package org.rankkit.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

/**
 * Loads upcoming batches in background threads so that training does not wait on the disk.
 *
 * <p>Batches come out in the order of the given index lists. At most {@code depth} batches are
 * decoded or waiting at any time (bounded memory). Workers decode to float arrays only — no DJL
 * calls — and the consumer creates NDArrays with {@link Batch#images}. Batch {@code k} (counting
 * from 0) is decoded with the generator {@link #batchRandom(long, long) batchRandom(seed, k)}, so
 * the result does not depend on the number of threads and equals sequential loading with the same
 * generators. A failed load (e.g. {@link BadImageException}) is rethrown by {@link #next()}.
 * Worker threads are daemons; {@link #close()} cancels what is pending and stops them. Not
 * thread-safe: one consumer.
 */
public final class PrefetchingLoader implements Iterator<Batch>, AutoCloseable {

  private static final AtomicInteger POOLS = new AtomicInteger();

  private final ImageSet set;
  private final Iterator<int[]> batches;
  private final boolean augment;
  private final long seed;
  private final int depth;
  private final ExecutorService workers;
  private final ArrayDeque<Future<Batch>> pending = new ArrayDeque<>();
  private long submitted;
  private boolean closed;

  /**
   * Starts loading.
   *
   * @param set the split to load from
   * @param batches index lists, one per batch (consumed lazily, on the caller's thread)
   * @param augment training augmentation (true) or evaluation transform (false)
   * @param seed seed of the per-batch generators
   * @param threads worker threads (≥ 1)
   * @param depth batches loaded ahead (≥ 1)
   */
  public PrefetchingLoader(
      ImageSet set, Iterator<int[]> batches, boolean augment, long seed, int threads, int depth) {
    if (threads < 1 || depth < 1) {
      throw new IllegalArgumentException("threads and depth must be ≥ 1, got " + threads + ", " + depth);
    }
    this.set = set;
    this.batches = batches;
    this.augment = augment;
    this.seed = seed;
    this.depth = depth;
    int pool = POOLS.incrementAndGet();
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory = runnable -> {
      Thread thread = new Thread(runnable, "rankkit-data-" + pool + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
    this.workers = Executors.newFixedThreadPool(threads, factory);
    fill();
  }

  /**
   * Returns the generator used for batch {@code number} of a loader seeded with {@code seed}: a
   * {@link SplittableRandom} seeded from both, so sequential code can reproduce any batch.
   *
   * @param seed the loader's seed
   * @param number the batch's position in the loader's sequence (0, 1, ...)
   * @return a new generator
   */
  public static RandomGenerator batchRandom(long seed, long number) {
    return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + number));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private void fill() {
    while (!closed && pending.size() < depth && batches.hasNext()) {
      int[] indices = batches.next().clone();
      long number = submitted++;
      pending.add(workers.submit(() -> load(indices, number)));
    }
  }

  private Batch load(int[] indices, long number) {
    float[] data = set.loadFloats(indices, augment, batchRandom(seed, number));
    long[] labels = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      labels[i] = set.label(indices[i]);
    }
    return new Batch(number, indices, labels, data, set.batchShape(indices.length));
  }

  @Override
  public boolean hasNext() {
    return !closed && !pending.isEmpty();
  }

  /**
   * Returns the next batch, waiting for it if needed, and queues the next index list.
   *
   * @return the next batch, in the order of the index lists
   * @throws NoSuchElementException if there are no more batches or the loader is closed
   * @throws BadImageException if decoding the batch failed (the loader is then closed)
   * @throws DataException if interrupted while waiting (the loader is then closed)
   */
  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(closed ? "loader closed" : "no more batches");
    }
    Future<Batch> head = pending.poll();
    Batch batch;
    try {
      batch = head.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new DataException("interrupted while waiting for a batch", e);
    } catch (ExecutionException e) {
      close();
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new DataException("loading a batch failed: " + cause, cause);
    }
    fill();
    return batch;
  }

  /** Cancels pending loads and stops the worker threads; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Future<Batch> future : pending) {
      future.cancel(true);
    }
    pending.clear();
    workers.shutdownNow();
    try {
      workers.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.rankkit.testkit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Runs one loss on fixed embeddings on the CPU: {@code S = E·Eᵀ}, an optional augmentation
 * (seeded), an optional transformation of the resulting batch, the loss, and (optionally) backward
 * to {@code dL/dE}. It also counts the NDArrays that the loss and backward leave behind.
 *
 * <p>Leak accounting: the loss's similarities live in a manager opened for the run; the count of
 * arrays managed there (sub-managers included) is taken just before {@link RankingLoss#compute} and
 * again after the harness has closed what it owns (the returned scalar, the arrays of backward and
 * the gradient it read). Any difference is arrays the loss created and neither closed nor returned.
 * The count of the engine's system manager (every live manager) is checked the same way, so arrays
 * parked in another manager are caught too. Stateless; not for concurrent use (one {@link
 * GradientCollector} per JVM).
 */
public final class LossHarness {

  private LossHarness() {}

  /**
   * The outcome of one run.
   *
   * @param loss the loss value
   * @param gradient {@code dL/dE} ({@code B × d}), or {@code null} when not requested
   * @param lossShape the shape of the loss array
   * @param lossType the data type of the loss array
   * @param leakedArrays arrays left in the run's manager by the loss (and backward)
   * @param leakedSystemArrays arrays left anywhere in the engine's managers
   */
  public record Result(
      double loss,
      double[][] gradient,
      Shape lossShape,
      DataType lossType,
      int leakedArrays,
      int leakedSystemArrays) {}

  /**
   * Runs the loss with backward.
   *
   * @param loss the loss
   * @param augmentation applied to the real batch with a {@link SplittableRandom} of {@code seed},
   *     or {@code null}
   * @param embeddings {@code B × d}
   * @param labels {@code B} labels
   * @param dtype float32 or float64
   * @param seed seed of the augmentation's random generator
   * @param transform applied to the (augmented) batch before the loss, or {@code null}
   * @return the result with the gradient
   */
  public static Result run(
      RankingLoss loss,
      SimilarityAugmentation augmentation,
      double[][] embeddings,
      long[] labels,
      DataType dtype,
      long seed,
      UnaryOperator<SimilarityBatch> transform) {
    return execute(loss, augmentation, embeddings, labels, dtype, seed, transform, true, false);
  }

  /**
   * Runs the loss with backward, overwriting freed native memory between the forward pass and
   * backward (see {@link #scrubFreedMemory()}). A loss (or augmentation) that closes an array
   * autograd still needs, such as a constant mask made from Java data that a multiplication saved
   * for backward, then gets a different gradient (or crashes) instead of passing by luck.
   *
   * @param loss the loss
   * @param augmentation the augmentation or {@code null}
   * @param embeddings {@code B × d}
   * @param labels {@code B} labels
   * @param dtype float32 or float64
   * @param seed seed of the augmentation's random generator
   * @return the result with the gradient
   */
  public static Result runScrubbingBeforeBackward(
      RankingLoss loss,
      SimilarityAugmentation augmentation,
      double[][] embeddings,
      long[] labels,
      DataType dtype,
      long seed) {
    return execute(loss, augmentation, embeddings, labels, dtype, seed, null, true, true);
  }

  /**
   * Makes freed native memory visible: runs the garbage collector (which frees the Java buffers
   * that closed arrays created from Java data may still be pointing to), then allocates and fills
   * with {@code 0xFF} (NaN for floats, -1 for integers) direct buffers of every size up to 32 KiB
   * in steps of 16 bytes, so that the allocator hands the freed blocks out and they are
   * overwritten.
   */
  public static void scrubFreedMemory() {
    for (int round = 0; round < 2; round++) {
      System.gc();
      try {
        Thread.sleep(20); // let the cleaner thread free the direct buffers
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    java.util.List<java.nio.ByteBuffer> keep = new java.util.ArrayList<>();
    for (int size = 16; size <= 32 * 1024; size += 16) {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(size);
      while (b.hasRemaining()) {
        b.put((byte) 0xFF);
      }
      keep.add(b);
    }
    keep.clear();
  }

  /**
   * Computes a loss on given similarities and returns {@code dL/dS}, with the garbage collector run
   * and fresh 1 MiB direct buffers written over freed memory between the loss and backward (see
   * {@link #overwriteFreedLargeBuffers()}): the arrays that autograd keeps for backward must own
   * their memory, or the gradient differs from the reference.
   *
   * @param loss the loss
   * @param similarities {@code N × N}
   * @param labels {@code N} labels
   * @param queries which rows are queries
   * @param dtype float32 or float64
   * @return {@code dL/dS}, {@code N × N}
   */
  public static double[][] similarityGradientAfterOverwrite(
      RankingLoss loss, double[][] similarities, long[] labels, boolean[] queries, DataType dtype) {
    int n = similarities.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(similarities[i], 0, flat, i * n, n);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray sim = m.create(flat, new Shape(n, n)).toType(dtype, false);
      sim.setRequiresGradient(true);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray l = loss.compute(new SimilarityBatch(sim, labels, queries, n, null));
        overwriteFreedLargeBuffers();
        gc.backward(l);
      }
      double[] g = sim.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
      double[][] gradient = new double[n][n];
      for (int i = 0; i < n; i++) {
        System.arraycopy(g, i * n, gradient[i], 0, n);
      }
      return gradient;
    }
  }

  /**
   * Makes freed large native blocks visible: three rounds of running the garbage collector, then
   * allocating 64 direct buffers of 1 MiB filled with {@code 0x7f}.
   */
  public static void overwriteFreedLargeBuffers() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      java.util.List<java.nio.ByteBuffer> junk = new java.util.ArrayList<>();
      for (int k = 0; k < 64; k++) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(1 << 20);
        while (b.hasRemaining()) {
          b.put((byte) 0x7f);
        }
        junk.add(b);
      }
      junk.clear();
    }
  }

  /**
   * Runs the loss forward only (no gradient collection).
   *
   * @param loss the loss
   * @param augmentation the augmentation or {@code null}
   * @param embeddings {@code B × d}
   * @param labels {@code B} labels
   * @param dtype float32 or float64
   * @param seed seed of the augmentation's random generator
   * @return the loss value
   */
  public static double value(
      RankingLoss loss,
      SimilarityAugmentation augmentation,
      double[][] embeddings,
      long[] labels,
      DataType dtype,
      long seed) {
    return execute(loss, augmentation, embeddings, labels, dtype, seed, null, false, false).loss();
  }

  private static Result execute(
      RankingLoss loss,
      SimilarityAugmentation augmentation,
      double[][] embeddings,
      long[] labels,
      DataType dtype,
      long seed,
      UnaryOperator<SimilarityBatch> transform,
      boolean backward,
      boolean scrub) {
    Objects.requireNonNull(loss, "loss");
    int b = embeddings.length;
    int d = embeddings[0].length;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDManager system = manager.getParentManager();
      NDArray e = create(manager, embeddings, dtype);
      if (backward) {
        e.setRequiresGradient(true);
      }
      GradientCollector collector = backward ? manager.getEngine().newGradientCollector() : null;
      try {
        // 0·ΣE: keeps backward defined for a constant loss and changes no gradient entry
        // (an engine-made zero: NDArray.mul(Number) would let backward read a freed Java buffer)
        NDArray zeroLink = backward ? EngineArrays.zeroLink(e) : null;
        SimilarityBatch batch = SimilarityBatch.fromEmbeddings(e, labels);
        if (augmentation != null) {
          batch = augmentation.apply(batch, new SplittableRandom(seed));
        }
        if (transform != null) {
          batch = transform.apply(batch);
        }
        int before = manager.getManagedArrays().size();
        int systemBefore = system.getManagedArrays().size();
        NDArray l = loss.compute(batch);
        Shape shape = l.getShape();
        DataType type = l.getDataType();
        double value;
        double[][] gradient = null;
        try (NDManager scratch = manager.newSubManager()) {
          l.attach(scratch);
          value = l.toType(DataType.FLOAT64, false).toDoubleArray()[0];
          if (scrub) {
            scrubFreedMemory();
          }
          if (backward) {
            collector.backward(l.add(zeroLink));
          }
        }
        if (backward) {
          double[] g;
          try (NDArray grad = e.getGradient();
              NDArray grad64 = grad.toType(DataType.FLOAT64, true)) {
            g = grad64.toDoubleArray();
          }
          gradient = new double[b][d];
          for (int i = 0; i < b; i++) {
            System.arraycopy(g, i * d, gradient[i], 0, d);
          }
        }
        int leaked = manager.getManagedArrays().size() - before;
        int systemLeaked = system.getManagedArrays().size() - systemBefore;
        return new Result(value, gradient, shape, type, leaked, systemLeaked);
      } finally {
        if (collector != null) {
          collector.close();
        }
      }
    }
  }

  private static NDArray create(NDManager manager, double[][] rows, DataType dtype) {
    int b = rows.length;
    int d = rows[0].length;
    if (dtype == DataType.FLOAT64) {
      double[] flat = new double[b * d];
      for (int i = 0; i < b; i++) {
        System.arraycopy(rows[i], 0, flat, i * d, d);
      }
      return manager.create(flat, new Shape(b, d));
    }
    if (dtype == DataType.FLOAT32) {
      float[] flat = new float[b * d];
      for (int i = 0; i < b; i++) {
        for (int k = 0; k < d; k++) {
          flat[i * d + k] = (float) rows[i][k];
        }
      }
      return manager.create(flat, new Shape(b, d));
    }
    throw new IllegalArgumentException(
        "unsupported data type " + dtype + "; use float32 or float64");
  }

  /**
   * Returns a transformation that permutes a batch's items with {@code order} (new item {@code k}
   * is old item {@code order[k]}) and maps every label through {@code relabel}. Real items must map
   * to real items so that the result keeps real items first. The similarity matrix is permuted with
   * 0/1 permutation matrices (exact in floating point, differentiable).
   *
   * @param order a permutation of {@code 0..N-1} that keeps {@code 0..realCount-1} in place as a
   *     set
   * @param relabel label map (injective)
   * @return the transformation
   */
  public static UnaryOperator<SimilarityBatch> permuteAndRelabel(
      int[] order, java.util.function.LongUnaryOperator relabel) {
    return batch -> {
      int n = batch.size();
      if (order.length != n) {
        throw new IllegalArgumentException(
            "permutation has " + order.length + " entries but the batch has " + n + " items");
      }
      NDArray s = batch.similarities();
      double[] p = new double[n * n];
      long[] labels = new long[n];
      boolean[] queries = new boolean[n];
      for (int k = 0; k < n; k++) {
        int old = order[k];
        if ((k < batch.realCount()) != (old < batch.realCount())) {
          throw new IllegalArgumentException("permutation must map real items to real items");
        }
        p[k * n + old] = 1;
        labels[k] = relabel.applyAsLong(batch.label(old));
        queries[k] = batch.isQuery(old);
      }
      NDArray pm = s.getManager().create(p, new Shape(n, n)).toType(s.getDataType(), false);
      NDArray permuted = pm.matMul(s).matMul(pm.transpose());
      NDArray emb = batch.embeddings();
      NDArray permutedEmb = null;
      if (emb != null) {
        int r = batch.realCount();
        double[] pr = new double[r * r];
        for (int k = 0; k < r; k++) {
          pr[k * r + order[k]] = 1;
        }
        NDArray prm = s.getManager().create(pr, new Shape(r, r)).toType(emb.getDataType(), false);
        permutedEmb = prm.matMul(emb);
      }
      return new SimilarityBatch(permuted, labels, queries, batch.realCount(), permutedEmb);
    };
  }
}

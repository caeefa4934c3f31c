package org.rankkit.bench.loss;

import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link LossBench} measures.
 *
 * @param loss loss id, e.g. {@code recall-at-k}
 * @param params loss parameters by JSON name (absent ones take their defaults)
 * @param simix whether {@code simix} (defaults: every same-label pair, virtual queries) extends the
 *     batch before the loss
 * @param batch real items per batch, {@code >= 2}
 * @param perClass items per class, {@code 2..batch}, a divisor of {@code batch} (as {@code train}
 *     requires)
 * @param dim embedding dimension, {@code >= 1}
 * @param repeat measured runs, {@code >= 1}
 * @param warmup unmeasured runs first, {@code >= 0}
 * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
 * @param gpu run on GPU 0 instead of the CPU
 * @param seed seed of the embeddings and of simix's pairs
 */
public record LossBenchConfig(
    String loss,
    Map<String, Object> params,
    boolean simix,
    int batch,
    int perClass,
    int dim,
    int repeat,
    int warmup,
    DataType dtype,
    boolean gpu,
    long seed) {

  /**
   * Validates the values and copies the parameters.
   *
   * @param loss loss id, non-blank
   * @param params loss parameters by JSON name, or {@code null} for none (copied, unmodifiable)
   * @param simix whether {@code simix} extends the batch before the loss
   * @param batch real items per batch, {@code >= 2}
   * @param perClass items per class, {@code 2..batch}, dividing {@code batch}
   * @param dim embedding dimension, {@code >= 1}
   * @param repeat measured runs, {@code >= 1}
   * @param warmup unmeasured runs first, {@code >= 0}
   * @param dtype {@link DataType#FLOAT32} or {@link DataType#FLOAT64}
   * @param gpu run on GPU 0 instead of the CPU
   * @param seed seed of the embeddings and of simix's pairs
   * @throws IllegalArgumentException naming the value that is out of range and what is allowed
   */
  public LossBenchConfig {
    if (loss == null || loss.isBlank()) {
      throw new IllegalArgumentException("loss id is required");
    }
    params =
        params == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    if (batch < 2) {
      throw new IllegalArgumentException("batch must be >= 2, got " + batch);
    }
    if (perClass < 2 || perClass > batch) {
      throw new IllegalArgumentException(
          "per-class must be in [2, batch = "
              + batch
              + "], got "
              + perClass
              + " (as in train: with one item per class no query has a positive and the loss is 0)");
    }
    if (batch % perClass != 0) {
      throw new IllegalArgumentException(
          "batch="
              + batch
              + " is not a multiple of per-class="
              + perClass
              + " (as in train); use batch="
              + (batch / perClass) * perClass
              + " or "
              + (batch / perClass + 1) * perClass);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be >= 1, got " + repeat);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    }
    if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
      throw new IllegalArgumentException("dtype must be float32 or float64, got " + dtype);
    }
    // sizes are checked before anything is allocated: the embeddings are one Java array and the
    // loss holds N x N similarities (N grows with simix's virtual items)
    long items = items(batch, perClass, simix);
    if ((long) batch * dim > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "batch x dim = "
              + batch
              + " x "
              + dim
              + " = "
              + (long) batch * dim
              + " embedding values; at most "
              + (Integer.MAX_VALUE - 8)
              + " fit one array: lower --batch or --dim");
    }
    if (items > 46_340) { // items^2 similarities must fit an array of at most 2^31 - 1 values
      throw new IllegalArgumentException(
          (simix ? "batch=" + batch + " with simix gives " + items + " items" : "batch=" + batch)
              + ": the loss holds an N x N similarity matrix, and N may be at most 46340; lower --batch"
              + (simix ? " or --per-class" : ""));
    }
  }

  /**
   * {@return a new array of the {@code batch} labels: item {@code i} has label {@code i /
   * perClass}}
   */
  public long[] labels() {
    long[] labels = new long[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = i / perClass;
    }
    return labels;
  }

  /**
   * Items the loss sees: the batch, plus with simix one virtual item per same-label pair.
   *
   * @param batch real items
   * @param perClass items per class
   * @param simix whether simix extends the batch
   * @return the number of items, as a long (it may exceed an int)
   */
  public static long items(int batch, int perClass, boolean simix) {
    long classes = batch / Math.max(1, perClass);
    long pairs = simix ? classes * ((long) perClass * (perClass - 1) / 2) : 0;
    return batch + pairs;
  }
}

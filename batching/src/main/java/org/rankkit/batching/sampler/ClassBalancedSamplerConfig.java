package org.rankkit.batching.sampler;

/**
 * Configuration of a {@link ClassBalancedSampler}.
 *
 * @param classesPerBatch distinct classes in every batch, {@code >= 1}
 * @param perClass items of each class in a batch, {@code >= 1} (4 in the paper's setting)
 * @param seed seed of the per-epoch shuffles
 */
public record ClassBalancedSamplerConfig(int classesPerBatch, int perClass, long seed) {

  /** The paper's number of items per class. */
  public static final int DEFAULT_PER_CLASS = 4;

  /**
   * Validates the values.
   *
   * @param classesPerBatch distinct classes in every batch, {@code >= 1}
   * @param perClass items of each class in a batch, {@code >= 1}
   * @param seed seed of the per-epoch shuffles (any value)
   * @throws IllegalArgumentException when a count is below 1 or the batch size overflows an int
   */
  public ClassBalancedSamplerConfig {
    if (classesPerBatch < 1) {
      throw new IllegalArgumentException("classesPerBatch must be >= 1, got " + classesPerBatch);
    }
    if (perClass < 1) {
      throw new IllegalArgumentException("perClass must be >= 1, got " + perClass);
    }
    if ((long) classesPerBatch * perClass > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "classesPerBatch x perClass must fit an int, got " + classesPerBatch + " x " + perClass);
    }
  }

  /**
   * A configuration with the default {@value #DEFAULT_PER_CLASS} items per class.
   *
   * @param classesPerBatch distinct classes per batch
   * @param seed seed of the shuffles
   * @return the configuration
   */
  public static ClassBalancedSamplerConfig of(int classesPerBatch, long seed) {
    return new ClassBalancedSamplerConfig(classesPerBatch, DEFAULT_PER_CLASS, seed);
  }

  /** {@return the batch size {@code classesPerBatch × perClass}} */
  public int batchSize() {
    return classesPerBatch * perClass;
  }
}

package org.rankkit.batching.strategy;

/**
 * Parameters of the {@code memory-bounded} batch strategy.
 *
 * @param chunk items forwarded at once, {@code >= 1}; the activation memory of a step is that of
 *     one chunk (plus the {@code B × d} embeddings and the loss), whatever the batch size. Used
 *     when {@code memoryBudgetBytes} is 0.
 * @param memoryBudgetBytes when {@code > 0}, the chunk size is chosen at every step so that one
 *     chunk's forward activations fit this many bytes (measured on a one-item forward), at least 1
 *     item; this takes precedence over {@code chunk}. 0 (the default) uses {@code chunk}.
 * @param frozenBatchNorm BatchNorm layers normalise with their running statistics and do not update
 *     them (the network runs in inference mode in both passes), which makes the gradients equal to
 *     those of {@code plain} with frozen BatchNorm. With false the network runs in training mode:
 *     BatchNorm uses each chunk's statistics (the same in both passes) and its running statistics
 *     are updated once per chunk, so the gradients depend on the chunk size.
 */
public record MemoryBoundedConfig(int chunk, long memoryBudgetBytes, boolean frozenBatchNorm) {

  /** The defaults: chunks of 64, no budget, frozen BatchNorm. */
  public static final MemoryBoundedConfig DEFAULTS = new MemoryBoundedConfig(64, 0, true);

  /**
   * Validates the values.
   *
   * @param chunk items forwarded at once, {@code >= 1}
   * @param memoryBudgetBytes bytes of forward activations per chunk, {@code >= 0} (0 = use {@code
   *     chunk})
   * @param frozenBatchNorm whether the network runs in inference mode in both passes
   * @throws IllegalArgumentException when {@code chunk < 1} or {@code memoryBudgetBytes < 0}
   */
  public MemoryBoundedConfig {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1 (items per chunk), got " + chunk);
    }
    if (memoryBudgetBytes < 0) {
      throw new IllegalArgumentException(
          "memoryBudgetBytes must be >= 0 (0: use chunk), got " + memoryBudgetBytes);
    }
  }

  /**
   * A configuration with a fixed chunk size and frozen BatchNorm.
   *
   * @param chunk items per chunk
   * @return the configuration
   */
  public static MemoryBoundedConfig ofChunk(int chunk) {
    return new MemoryBoundedConfig(chunk, 0, true);
  }
}

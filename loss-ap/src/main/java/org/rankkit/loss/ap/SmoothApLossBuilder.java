package org.rankkit.loss.ap;

import org.rankkit.api.plugin.ConfigBuilder;

/**
 * Typed builder of a {@link SmoothApLoss}: {@code SmoothApLoss.builder().tau(0.01).build()}. Every
 * parameter starts at its default ({@link SmoothApConfig#defaults()}: {@code tau = 0.01}, {@code
 * queryChunk = 0} (automatic), {@code memoryBudgetBytes = 256 MiB}, {@code implementation = auto});
 * {@link #build()} validates them through {@link SmoothApConfig}. The same parameters, by the same
 * names, are what {@code RankKit.loss("smooth-ap", Map)} takes. A builder is not thread-safe; the
 * loss it builds is immutable.
 */
public final class SmoothApLossBuilder
    extends ConfigBuilder<SmoothApConfig, SmoothApLoss, SmoothApLossBuilder> {

  /** Starts from the defaults; {@link SmoothApLoss#builder()} is the usual way to get one. */
  public SmoothApLossBuilder() {
    super(SmoothApConfig.defaults(), SmoothApLoss::new);
  }

  /**
   * Sets the temperature of the sigmoid that replaces the rank indicator (in units of similarity).
   *
   * @param tau finite, {@code > 0}; default 0.01
   * @return this builder
   */
  public SmoothApLossBuilder tau(double tau) {
    return set("tau", tau);
  }

  /**
   * Sets how many queries are processed together (does not change the value).
   *
   * @param queryChunk {@code >= 1}, or 0 (default) to choose it from the memory budget
   * @return this builder
   */
  public SmoothApLossBuilder queryChunk(int queryChunk) {
    return set("queryChunk", queryChunk);
  }

  /**
   * Sets the bound on the extra memory of one chunk's temporaries when {@code queryChunk} is 0.
   *
   * @param memoryBudgetBytes in bytes, {@code >= 1}; default 256 MiB
   * @return this builder
   */
  public SmoothApLossBuilder memoryBudgetBytes(long memoryBudgetBytes) {
    return set("memoryBudgetBytes", memoryBudgetBytes);
  }

  /**
   * Chooses the implementation (does not change the value beyond rounding).
   *
   * @param implementation {@code auto} (default), {@code fused-cpu} or {@code engine}
   * @return this builder
   */
  public SmoothApLossBuilder implementation(String implementation) {
    return set("implementation", implementation);
  }
}

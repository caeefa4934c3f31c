package org.rankkit.loss.ap;

import org.rankkit.api.plugin.ConfigBuilder;

/**
 * Typed builder of a {@link FastApLoss}: {@code FastApLoss.builder().numBins(20).build()}. Every
 * parameter starts at its default ({@link FastApConfig#defaults()}: {@code numBins = 10}, {@code
 * implementation = auto}); {@link #build()} validates them through {@link FastApConfig}. The same
 * parameters, by the same names, are what {@code RankKit.loss("fast-ap", Map)} takes. A builder is
 * not thread-safe; the loss it builds is immutable.
 */
public final class FastApLossBuilder
    extends ConfigBuilder<FastApConfig, FastApLoss, FastApLossBuilder> {

  /** Starts from the defaults; {@link FastApLoss#builder()} is the usual way to get one. */
  public FastApLossBuilder() {
    super(FastApConfig.defaults(), FastApLoss::new);
  }

  /**
   * Sets the number of histogram bins over squared distances in {@code [0, 4]}.
   *
   * @param numBins in {@code [1, 100000]}; default 10 (the loss uses {@code numBins + 1} centres)
   * @return this builder
   */
  public FastApLossBuilder numBins(int numBins) {
    return set("numBins", numBins);
  }

  /**
   * Chooses the implementation (does not change the value beyond rounding).
   *
   * @param implementation {@code auto} (default), {@code fused-cpu} or {@code engine}
   * @return this builder
   */
  public FastApLossBuilder implementation(String implementation) {
    return set("implementation", implementation);
  }
}

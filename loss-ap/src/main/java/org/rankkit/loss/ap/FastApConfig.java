package org.rankkit.loss.ap;

import org.rankkit.api.loss.Implementation;

/**
 * Parameters of the {@code fast-ap} loss (docs/numeric-spec.md, section fast-ap), plus the choice
 * of how it is computed (which does not change the value beyond rounding).
 *
 * @param numBins number of histogram bins over squared distances in {@code [0, 4]}; {@code >= 1}
 *     (default 10); the loss uses {@code numBins + 1} bin centres
 * @param implementation {@code auto} (default: fused-cpu for CPU arrays, engine otherwise), {@code
 *     fused-cpu} (plain-Java kernel on all cores) or {@code engine} (DJL operations, any device)
 */
public record FastApConfig(int numBins, String implementation) {

  /** Default number of bins. */
  public static final int DEFAULT_NUM_BINS = 10;

  /** Largest accepted number of bins. */
  public static final int MAX_NUM_BINS = 100_000;

  /**
   * Validates the parameters.
   *
   * @param numBins number of histogram bins, from 1 to {@value #MAX_NUM_BINS}
   * @param implementation {@code auto}, {@code fused-cpu} or {@code engine}; not null
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public FastApConfig {
    if (numBins < 1 || numBins > MAX_NUM_BINS) {
      throw new IllegalArgumentException(
          "fast-ap: numBins must be an integer in [1, "
              + MAX_NUM_BINS
              + "] (e.g. 10), got "
              + numBins);
    }
    Implementation.parse("fast-ap", implementation);
  }

  /**
   * A configuration with {@code implementation = auto}.
   *
   * @param numBins number of bins
   */
  public FastApConfig(int numBins) {
    this(numBins, "auto");
  }

  /** {@return the defaults: {@code numBins = 10}, {@code implementation = auto}} */
  public static FastApConfig defaults() {
    return new FastApConfig(DEFAULT_NUM_BINS, "auto");
  }
}

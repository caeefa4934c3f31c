package org.rankkit.loss.ap;

/**
 * Parameters of the {@code fast-ap} loss (SPEC.md, section fast-ap).
 *
 * @param numBins number of histogram bins over squared distances in {@code [0, 4]}; {@code >= 1}
 *     (default 10); the loss uses {@code numBins + 1} bin centres
 */
public record FastApConfig(int numBins) {

  /** Default number of bins. */
  public static final int DEFAULT_NUM_BINS = 10;

  /** Largest accepted number of bins. */
  public static final int MAX_NUM_BINS = 100_000;

  /** Validates the parameters. */
  public FastApConfig {
    if (numBins < 1 || numBins > MAX_NUM_BINS) {
      throw new IllegalArgumentException(
          "fast-ap: numBins must be an integer in [1, " + MAX_NUM_BINS + "] (e.g. 10), got "
              + numBins);
    }
  }

  /** Returns the defaults: {@code numBins = 10}. */
  public static FastApConfig defaults() {
    return new FastApConfig(DEFAULT_NUM_BINS);
  }
}

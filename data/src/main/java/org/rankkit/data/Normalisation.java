package org.rankkit.data;

import java.util.Arrays;

/**
 * The per-channel normalisation an {@link ImageSet} applies after scaling pixels to [0, 1]: {@code
 * x = (p − mean[c]) / std[c]}.
 *
 * @param mean one mean per channel
 * @param std one standard deviation per channel, each positive
 */
public record Normalisation(float[] mean, float[] std) {

  /**
   * Validates and copies the arrays.
   *
   * @param mean one mean per channel
   * @param std one standard deviation per channel, as many as means, each positive
   * @throws IllegalArgumentException when the lengths differ or a deviation is not positive
   */
  public Normalisation {
    mean = mean.clone();
    std = std.clone();
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "normalisation needs one mean and one std per channel, got "
              + mean.length
              + " and "
              + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException(
            "normalisation std must be positive, got " + Arrays.toString(std));
      }
    }
  }

  /** {@return a copy of the per-channel means} */
  @Override
  public float[] mean() {
    return mean.clone();
  }

  /** {@return a copy of the per-channel standard deviations} */
  @Override
  public float[] std() {
    return std.clone();
  }
}

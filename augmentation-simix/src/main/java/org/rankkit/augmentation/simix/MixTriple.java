package org.rankkit.augmentation.simix;

import java.util.List;

/**
 * One SiMix triple: a virtual item {@code v = α e_i + (1 − α) e_j}.
 *
 * @param i first item index
 * @param j second item index ({@code ≠ i})
 * @param alpha weight of item {@code i}, in {@code [0, 1]}
 */
public record MixTriple(int i, int j, double alpha) {

  /**
   * Validates the indices and weight (range against a batch is checked when applied).
   *
   * @param i first item index, {@code >= 0}
   * @param j second item index, {@code >= 0} and {@code ≠ i}
   * @param alpha weight of item {@code i}, in {@code [0, 1]}
   * @throws IllegalArgumentException when an index is negative, {@code i == j} or {@code α} is
   *     outside {@code [0, 1]} (or NaN)
   */
  public MixTriple {
    if (i < 0 || j < 0) {
      throw new IllegalArgumentException(
          "mix triple (" + i + ", " + j + ", " + alpha + "): indices must be >= 0");
    }
    if (i == j) {
      throw new IllegalArgumentException(
          "mix triple ("
              + i
              + ", "
              + j
              + ", "
              + alpha
              + "): mixes item "
              + i
              + " with itself; need i != j");
    }
    if (!(alpha >= 0 && alpha <= 1)) {
      throw new IllegalArgumentException(
          "mix triple (" + i + ", " + j + ", " + alpha + "): alpha must be in [0, 1]");
    }
  }

  /**
   * Parses a triple {@code [i, j, α]}.
   *
   * @param values the three numbers
   * @param position the triple's position in its list (for messages)
   * @return the triple
   * @throws IllegalArgumentException when it is not three numbers with integer indices
   */
  static MixTriple of(List<? extends Number> values, int position) {
    if (values == null || values.size() != 3 || values.stream().anyMatch(v -> v == null)) {
      throw new IllegalArgumentException(
          "triples[" + position + "] = " + values + ": must be a triple [i, j, alpha]");
    }
    double i = values.get(0).doubleValue();
    double j = values.get(1).doubleValue();
    if (i != Math.rint(i)
        || j != Math.rint(j)
        || Math.abs(i) > Integer.MAX_VALUE
        || Math.abs(j) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "triples[" + position + "] = " + values + ": indices i and j must be integers");
    }
    try {
      return new MixTriple((int) i, (int) j, values.get(2).doubleValue());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("triples[" + position + "]: " + e.getMessage(), e);
    }
  }
}

package org.rankkit.loss.contrastive;

/**
 * Parameters of the {@code contrastive} loss (docs/numeric-spec.md, section contrastive).
 *
 * @param posMargin positive pairs with similarity below this are penalised; finite (default 1.0)
 * @param negMargin negative pairs with similarity above this are penalised; finite (default 0.5)
 */
public record ContrastiveConfig(double posMargin, double negMargin) {

  /** Default positive margin. */
  public static final double DEFAULT_POS_MARGIN = 1.0;

  /** Default negative margin. */
  public static final double DEFAULT_NEG_MARGIN = 0.5;

  /**
   * Validates the parameters.
   *
   * @param posMargin positive margin; finite
   * @param negMargin negative margin; finite
   * @throws IllegalArgumentException when a margin is NaN or infinite
   */
  public ContrastiveConfig {
    if (!Double.isFinite(posMargin)) {
      throw new IllegalArgumentException(
          "contrastive: posMargin must be a finite number (e.g. 1.0), got " + posMargin);
    }
    if (!Double.isFinite(negMargin)) {
      throw new IllegalArgumentException(
          "contrastive: negMargin must be a finite number (e.g. 0.5), got " + negMargin);
    }
  }

  /** {@return the defaults: {@code posMargin = 1.0}, {@code negMargin = 0.5}} */
  public static ContrastiveConfig defaults() {
    return new ContrastiveConfig(DEFAULT_POS_MARGIN, DEFAULT_NEG_MARGIN);
  }
}

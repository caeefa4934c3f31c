package org.rankkit.loss.contrastive;

import org.rankkit.api.loss.Implementation;

/**
 * Parameters of the {@code contrastive} loss (docs/numeric-spec.md, section contrastive), plus the
 * choice of how it is computed (which does not change the value beyond rounding).
 *
 * @param posMargin positive pairs with similarity below this are penalised; finite (default 1.0)
 * @param negMargin negative pairs with similarity above this are penalised; finite (default 0.5)
 * @param implementation {@code auto} (default: fused-cpu for CPU arrays, engine otherwise), {@code
 *     fused-cpu} (plain-Java row kernel on all cores) or {@code engine} (DJL operations, any
 *     device)
 */
public record ContrastiveConfig(double posMargin, double negMargin, String implementation) {

  /** Default positive margin. */
  public static final double DEFAULT_POS_MARGIN = 1.0;

  /** Default negative margin. */
  public static final double DEFAULT_NEG_MARGIN = 0.5;

  /**
   * Validates the parameters.
   *
   * @param posMargin positive margin; finite
   * @param negMargin negative margin; finite
   * @param implementation {@code auto}, {@code fused-cpu} or {@code engine}; not null
   * @throws IllegalArgumentException when a margin is NaN or infinite, or the implementation is
   *     unknown
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
    Implementation.parse("contrastive", implementation);
  }

  /**
   * A configuration with {@code implementation = auto}.
   *
   * @param posMargin positive margin; finite
   * @param negMargin negative margin; finite
   */
  public ContrastiveConfig(double posMargin, double negMargin) {
    this(posMargin, negMargin, "auto");
  }

  /**
   * {@return the defaults: {@code posMargin = 1.0}, {@code negMargin = 0.5}, {@code implementation
   * = auto}}
   */
  public static ContrastiveConfig defaults() {
    return new ContrastiveConfig(DEFAULT_POS_MARGIN, DEFAULT_NEG_MARGIN, "auto");
  }
}

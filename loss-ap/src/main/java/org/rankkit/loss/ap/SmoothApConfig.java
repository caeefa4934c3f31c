package org.rankkit.loss.ap;

/**
 * Parameters of the {@code smooth-ap} loss (SPEC.md, section smooth-ap).
 *
 * @param tau temperature of the sigmoid that replaces the rank indicator; finite and {@code > 0}
 *     (default 0.01)
 * @param queryChunk number of queries processed together; {@code 0} (default) chooses it from
 *     {@code memoryBudgetBytes}; otherwise {@code >= 1}
 * @param memoryBudgetBytes bound on the extra memory of one chunk's temporaries when {@code
 *     queryChunk} is 0; {@code >= 1} (default 256 MiB). At least one query is always processed.
 */
public record SmoothApConfig(double tau, int queryChunk, long memoryBudgetBytes) {

  /** Default temperature. */
  public static final double DEFAULT_TAU = 0.01;

  /** Default memory budget for one chunk of queries: 256 MiB. */
  public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L << 20;

  /** Validates the parameters. */
  public SmoothApConfig {
    if (!(tau > 0) || Double.isInfinite(tau)) {
      throw new IllegalArgumentException(
          "smooth-ap: tau must be a finite number > 0 (e.g. 0.01), got " + tau);
    }
    if (queryChunk < 0) {
      throw new IllegalArgumentException(
          "smooth-ap: queryChunk must be 0 (choose from memoryBudgetBytes) or >= 1, got "
              + queryChunk);
    }
    if (memoryBudgetBytes < 1) {
      throw new IllegalArgumentException(
          "smooth-ap: memoryBudgetBytes must be >= 1, got " + memoryBudgetBytes);
    }
  }

  /** Returns the defaults: {@code tau = 0.01}, chunk chosen from a 256 MiB budget. */
  public static SmoothApConfig defaults() {
    return new SmoothApConfig(DEFAULT_TAU, 0, DEFAULT_MEMORY_BUDGET_BYTES);
  }
}

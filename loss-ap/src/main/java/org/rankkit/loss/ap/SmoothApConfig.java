package org.rankkit.loss.ap;

import java.util.List;
import org.rankkit.api.loss.Implementation;

/**
 * Parameters of the {@code smooth-ap} loss (docs/numeric-spec.md, section smooth-ap), plus the
 * knobs that choose how it is computed (none of which changes the value beyond rounding).
 *
 * @param tau temperature of the sigmoid that replaces the rank indicator; finite and {@code > 0}
 *     (default 0.01)
 * @param queryChunk number of queries processed together (tensor chunk of the {@code engine} path,
 *     row chunk of the {@code fused-cpu} path); {@code 0} (default) chooses it from {@code
 *     memoryBudgetBytes}; otherwise {@code >= 1}
 * @param memoryBudgetBytes bound on the extra memory of one chunk's temporaries when {@code
 *     queryChunk} is 0; {@code >= 1} (default 256 MiB). At least one query is always processed.
 * @param implementation {@code auto} (default: fused-cpu for CPU arrays, engine otherwise), {@code
 *     fused-cpu} (plain-Java kernel on all cores) or {@code engine} (DJL operations, any device)
 */
public record SmoothApConfig(
    double tau, int queryChunk, long memoryBudgetBytes, String implementation) {

  /** Default temperature. */
  public static final double DEFAULT_TAU = 0.01;

  /** Default memory budget for one chunk of queries: 256 MiB. */
  public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L << 20;

  /** The accepted values of {@link #implementation()}. */
  public static final List<String> IMPLEMENTATIONS = Implementation.IDS;

  /**
   * Validates the parameters.
   *
   * @param tau sigmoid temperature, finite and {@code > 0}
   * @param queryChunk queries per chunk, {@code >= 1}, or 0 to choose it from the memory budget
   * @param memoryBudgetBytes bound on one chunk's temporaries in bytes, {@code >= 1}
   * @param implementation {@code auto}, {@code fused-cpu} or {@code engine}; not null
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
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
    Implementation.parse("smooth-ap", implementation);
  }

  /**
   * A configuration with {@code implementation = auto}.
   *
   * @param tau temperature
   * @param queryChunk queries per chunk, 0 for automatic
   * @param memoryBudgetBytes budget used when {@code queryChunk} is 0
   */
  public SmoothApConfig(double tau, int queryChunk, long memoryBudgetBytes) {
    this(tau, queryChunk, memoryBudgetBytes, "auto");
  }

  /**
   * {@return the defaults: {@code tau = 0.01}, chunk chosen from a 256 MiB budget, {@code
   * implementation = auto}}
   */
  public static SmoothApConfig defaults() {
    return new SmoothApConfig(DEFAULT_TAU, 0, DEFAULT_MEMORY_BUDGET_BYTES, "auto");
  }

  /**
   * Returns a copy with another implementation.
   *
   * @param newImplementation {@code auto}, {@code fused-cpu} or {@code engine}
   * @return the copy
   */
  public SmoothApConfig withImplementation(String newImplementation) {
    return new SmoothApConfig(tau, queryChunk, memoryBudgetBytes, newImplementation);
  }
}

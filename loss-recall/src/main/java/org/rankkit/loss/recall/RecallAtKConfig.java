package org.rankkit.loss.recall;

import java.util.ArrayList;
import java.util.List;
import org.rankkit.api.loss.Implementation;

/**
 * Parameters of the {@code recall-at-k} loss (docs/numeric-spec.md, section recall-at-k), plus the
 * knobs that choose how it is computed (none of which changes the value beyond rounding).
 *
 * @param ks the recall cut-offs {@code k}, each at least 1 (duplicates allowed), not empty
 * @param tauSim temperature of the sigmoid that ranks gallery items against a positive, {@code > 0}
 * @param tauRank temperature of the sigmoid that counts positives ranked within {@code k}: one
 *     value for every {@code k}, or exactly one value per entry of {@code ks}; each {@code > 0}
 * @param includeQuery whether the query itself takes part in ranking its positives (the authors'
 *     released code) instead of the paper's equation ({@code false})
 * @param queryChunk queries processed together: tensor chunk size of the {@code engine} path and
 *     task size of the {@code fused-cpu} path; {@code 0} chooses it from {@code memoryBudgetBytes}
 * @param memoryBudgetBytes bound on the extra working memory of one chunk (engine path) or of all
 *     worker threads' scratch (fused path), in bytes, at least 1 MiB
 * @param implementation {@code auto} (fused-cpu for CPU arrays, engine otherwise), {@code
 *     fused-cpu} or {@code engine}
 */
public record RecallAtKConfig(
    List<Integer> ks,
    double tauSim,
    List<Double> tauRank,
    boolean includeQuery,
    int queryChunk,
    long memoryBudgetBytes,
    String implementation) {

  /** Default working-memory budget: 256 MiB. */
  public static final long DEFAULT_MEMORY_BUDGET_BYTES = 256L << 20;

  /** Smallest accepted working-memory budget: 1 MiB. */
  public static final long MIN_MEMORY_BUDGET_BYTES = 1L << 20;

  /** The accepted values of {@link #implementation()}. */
  public static final List<String> IMPLEMENTATIONS = Implementation.IDS;

  /**
   * Validates every parameter and makes the lists immutable.
   *
   * @param ks recall cut-offs, not empty, each {@code >= 1}
   * @param tauSim ranking temperature, finite and {@code > 0}
   * @param tauRank one temperature, or one per entry of {@code ks}; each finite and {@code > 0}
   * @param includeQuery whether the query takes part in ranking its positives
   * @param queryChunk queries per chunk, {@code >= 1}, or 0 to choose it from the memory budget
   * @param memoryBudgetBytes working-memory bound in bytes, at least {@link
   *     #MIN_MEMORY_BUDGET_BYTES} (1 MiB)
   * @param implementation {@code auto}, {@code fused-cpu} or {@code engine}; not null
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public RecallAtKConfig {
    if (ks == null || ks.isEmpty()) {
      throw new IllegalArgumentException(
          "ks must list at least one recall cut-off k >= 1 (e.g. [1, 2, 4, 8, 16]), got " + ks);
    }
    for (Integer k : ks) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException("every k in ks must be an integer >= 1, got ks=" + ks);
      }
    }
    if (!(tauSim > 0) || Double.isInfinite(tauSim)) {
      throw new IllegalArgumentException(
          "tauSim must be a finite temperature > 0 (default 0.01), got " + tauSim);
    }
    if (tauRank == null || tauRank.isEmpty()) {
      throw new IllegalArgumentException(
          "tauRank must be one temperature > 0 or one per k (" + ks.size() + "), got " + tauRank);
    }
    if (tauRank.size() != 1 && tauRank.size() != ks.size()) {
      throw new IllegalArgumentException(
          "tauRank must give one temperature or exactly one per k: ks has "
              + ks.size()
              + " entries "
              + ks
              + " but tauRank has "
              + tauRank.size()
              + " "
              + tauRank);
    }
    for (Double t : tauRank) {
      if (t == null || !(t > 0) || Double.isInfinite(t)) {
        throw new IllegalArgumentException(
            "every tauRank must be a finite temperature > 0, got tauRank=" + tauRank);
      }
    }
    if (queryChunk < 0) {
      throw new IllegalArgumentException(
          "queryChunk must be >= 1, or 0 to choose it from memoryBudgetBytes, got " + queryChunk);
    }
    if (memoryBudgetBytes < MIN_MEMORY_BUDGET_BYTES) {
      throw new IllegalArgumentException(
          "memoryBudgetBytes must be at least "
              + MIN_MEMORY_BUDGET_BYTES
              + " (1 MiB), got "
              + memoryBudgetBytes);
    }
    Implementation.parse("recall-at-k", implementation);
    ks = List.copyOf(ks);
    tauRank = List.copyOf(new ArrayList<>(tauRank));
  }

  /**
   * {@return the defaults of docs/numeric-spec.md: ks=[1,2,4,8,16], tauSim=0.01, tauRank=[1.0],
   * includeQuery=false; queryChunk=0 (automatic), 256 MiB budget, implementation=auto}
   */
  public static RecallAtKConfig defaults() {
    return new RecallAtKConfig(
        List.of(1, 2, 4, 8, 16), 0.01, List.of(1.0), false, 0, DEFAULT_MEMORY_BUDGET_BYTES, "auto");
  }

  /**
   * Returns the rank temperature of the {@code j}-th cut-off.
   *
   * @param j index into {@link #ks()}
   * @return {@code tauRank[j]}, or the single {@code tauRank} value
   */
  public double tauRankAt(int j) {
    return tauRank.size() == 1 ? tauRank.get(0) : tauRank.get(j);
  }

  /**
   * Returns a copy with another implementation choice.
   *
   * @param newImplementation {@code auto}, {@code fused-cpu} or {@code engine}
   * @return the copy
   */
  public RecallAtKConfig withImplementation(String newImplementation) {
    return new RecallAtKConfig(
        ks, tauSim, tauRank, includeQuery, queryChunk, memoryBudgetBytes, newImplementation);
  }

  /**
   * Returns a copy with another query chunk size.
   *
   * @param newQueryChunk queries per chunk, or 0 to choose from the memory budget
   * @return the copy
   */
  public RecallAtKConfig withQueryChunk(int newQueryChunk) {
    return new RecallAtKConfig(
        ks, tauSim, tauRank, includeQuery, newQueryChunk, memoryBudgetBytes, implementation);
  }
}

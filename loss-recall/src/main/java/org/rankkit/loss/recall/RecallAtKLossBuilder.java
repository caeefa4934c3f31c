package org.rankkit.loss.recall;

import java.util.Arrays;
import org.rankkit.api.plugin.ConfigBuilder;

/**
 * Typed builder of a {@link RecallAtKLoss}: {@code RecallAtKLoss.builder().ks(1, 2, 4).tauSim(0.01)
 * .build()}. Every parameter starts at its default ({@link RecallAtKConfig#defaults()}: {@code ks =
 * [1, 2, 4, 8, 16]}, {@code tauSim = 0.01}, {@code tauRank = [1.0]}, {@code includeQuery = false},
 * {@code queryChunk = 0} (automatic), {@code memoryBudgetBytes = 256 MiB}, {@code implementation =
 * auto}); {@link #build()} validates them through {@link RecallAtKConfig}. The same parameters, by
 * the same names, are what {@code RankKit.loss("recall-at-k", Map)} and {@code --set
 * loss.<name>=...} take. A builder is not thread-safe; the loss it builds is immutable.
 */
public final class RecallAtKLossBuilder
    extends ConfigBuilder<RecallAtKConfig, RecallAtKLoss, RecallAtKLossBuilder> {

  /** Starts from the defaults; {@link RecallAtKLoss#builder()} is the usual way to get one. */
  public RecallAtKLossBuilder() {
    super(RecallAtKConfig.defaults(), RecallAtKLoss::new);
  }

  /**
   * Sets the recall cut-offs.
   *
   * @param ks one or more {@code k >= 1}; default {@code 1, 2, 4, 8, 16}
   * @return this builder
   */
  public RecallAtKLossBuilder ks(int... ks) {
    return set("ks", Arrays.stream(ks).boxed().toList());
  }

  /**
   * Sets the temperature of the sigmoid that ranks gallery items against a positive (in units of
   * similarity).
   *
   * @param tauSim finite, {@code > 0}; default 0.01
   * @return this builder
   */
  public RecallAtKLossBuilder tauSim(double tauSim) {
    return set("tauSim", tauSim);
  }

  /**
   * Sets the temperature of the sigmoid that counts positives ranked within {@code k} (in units of
   * rank).
   *
   * @param tauRank one value for every {@code k}, or one per entry of {@code ks}; each {@code > 0};
   *     default {@code 1.0}
   * @return this builder
   */
  public RecallAtKLossBuilder tauRank(double... tauRank) {
    return set("tauRank", Arrays.stream(tauRank).boxed().toList());
  }

  /**
   * Sets whether the query itself takes part in ranking its positives (the authors' released code)
   * instead of the paper's equation.
   *
   * @param includeQuery default false
   * @return this builder
   */
  public RecallAtKLossBuilder includeQuery(boolean includeQuery) {
    return set("includeQuery", includeQuery);
  }

  /**
   * Sets how many queries are processed together (does not change the value).
   *
   * @param queryChunk {@code >= 1}, or 0 (default) to choose it from the memory budget
   * @return this builder
   */
  public RecallAtKLossBuilder queryChunk(int queryChunk) {
    return set("queryChunk", queryChunk);
  }

  /**
   * Sets the bound on the extra working memory of one chunk of queries.
   *
   * @param memoryBudgetBytes in bytes, at least 1 MiB; default 256 MiB
   * @return this builder
   */
  public RecallAtKLossBuilder memoryBudgetBytes(long memoryBudgetBytes) {
    return set("memoryBudgetBytes", memoryBudgetBytes);
  }

  /**
   * Chooses the implementation (does not change the value beyond rounding).
   *
   * @param implementation {@code auto} (default), {@code fused-cpu} or {@code engine}
   * @return this builder
   */
  public RecallAtKLossBuilder implementation(String implementation) {
    return set("implementation", implementation);
  }
}

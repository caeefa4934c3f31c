package org.rankkit.loss.ap;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for smooth-ap, default (fused-cpu on the CPU) path, chunks of 2 queries. */
class SmoothApContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SmoothApLoss(
        new SmoothApConfig(0.05, 2, SmoothApConfig.DEFAULT_MEMORY_BUDGET_BYTES));
  }
}

package org.rankkit.loss.ap;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for smooth-ap's engine path (chunks of 2 queries). */
class SmoothApEngineContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SmoothApLoss(
        new SmoothApConfig(0.05, 2, SmoothApConfig.DEFAULT_MEMORY_BUDGET_BYTES, "engine"));
  }
}

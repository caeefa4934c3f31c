package org.rankkit.loss.ap;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for fast-ap's engine path. */
class FastApEngineContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new FastApLoss(new FastApConfig(10, "engine"));
  }
}

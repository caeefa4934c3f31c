package org.rankkit.loss.ap;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for fast-ap (default: fused-cpu on the CPU). */
class FastApContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new FastApLoss(FastApConfig.defaults());
  }
}

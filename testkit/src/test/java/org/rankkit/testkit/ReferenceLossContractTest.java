package org.rankkit.testkit;

import org.rankkit.api.loss.RankingLoss;

/** The contract passes for a correct reference loss on real batches. */
class ReferenceLossContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SoftmaxPositivesLoss(0.1);
  }
}

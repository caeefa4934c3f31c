package org.rankkit.loss.contrastive;

import org.rankkit.api.loss.RankingLoss;

/** The testkit contract for contrastive's engine path (the zero-loss test as in its parent). */
class ContrastiveEngineContractTest extends ContrastiveContractTest {

  @Override
  public RankingLoss loss() {
    return new ContrastiveLoss(new ContrastiveConfig(1.0, 0.5, "engine"));
  }
}

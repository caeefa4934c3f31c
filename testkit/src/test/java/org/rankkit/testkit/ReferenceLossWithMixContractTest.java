package org.rankkit.testkit;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;

/** The contract passes for a correct reference loss on mixed (SiMix-extended) batches. */
class ReferenceLossWithMixContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SoftmaxPositivesLoss(0.1);
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return new PairMixAugmentation();
  }
}

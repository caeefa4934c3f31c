package org.rankkit.augmentation.simix;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.RankingLossContract;
import org.rankkit.testkit.SoftmaxPositivesLoss;

/**
 * Runs the test kit's loss contract on simix-extended batches (default parameters: all pairs,
 * virtual queries), with the test kit's small softmax loss over positives (τ = 0.1): finite values,
 * exact zeros without positives, invariance, finite-difference gradients through the gathers, no
 * leaks.
 */
class SimixUnderLossContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SoftmaxPositivesLoss(0.1);
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return new SimixAugmentation(SimixConfig.defaults());
  }
}

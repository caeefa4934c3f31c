package com.example.retrieval.loss;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.testkit.RankingLossContract;

/**
 * Runs RankKit's conformance contract on the loss: finite values and gradients, invariance to
 * batch order and label values, exactly 0 without positives, finite-difference gradients, no
 * NDArray leaks. Implementing the interface is all it takes.
 */
class MultiSimilarityContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new MultiSimilarityLoss(MultiSimilarityConfig.DEFAULTS);
  }
}

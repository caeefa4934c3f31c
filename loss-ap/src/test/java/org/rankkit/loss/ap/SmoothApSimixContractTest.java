package org.rankkit.loss.ap;

import java.util.Map;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.RankingLossContract;

/**
 * The testkit contract for smooth-ap (default path) on SiMix-extended batches (all same-label
 * pairs).
 */
class SmoothApSimixContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new SmoothApLoss(
        new SmoothApConfig(0.05, 2, SmoothApConfig.DEFAULT_MEMORY_BUDGET_BYTES));
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return RankKit.augmentation("simix", Map.of());
  }
}

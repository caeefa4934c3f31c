package org.rankkit.loss.ap;

import java.util.Map;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.RankingLossContract;

/** The testkit contract for fast-ap on SiMix-extended batches (all same-label pairs). */
class FastApSimixContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new FastApLoss(FastApConfig.defaults());
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return RankKit.augmentation("simix", Map.of());
  }
}

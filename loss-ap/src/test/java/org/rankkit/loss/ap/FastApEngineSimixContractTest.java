package org.rankkit.loss.ap;

import java.util.Map;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.RankingLossContract;

/**
 * The testkit contract for fast-ap's engine path on SiMix-extended batches (all same-label pairs).
 */
class FastApEngineSimixContractTest implements RankingLossContract {

  @Override
  public RankingLoss loss() {
    return new FastApLoss(new FastApConfig(10, "engine"));
  }

  @Override
  public SimilarityAugmentation augmentation() {
    return RankKit.augmentation("simix", Map.of());
  }
}

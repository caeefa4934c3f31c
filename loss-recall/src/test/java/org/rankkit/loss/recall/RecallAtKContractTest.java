package org.rankkit.loss.recall;

import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.RankingLossContract;

/** The test kit's loss contract for recall-at-k: both implementations, with and without simix. */
class RecallAtKContractTest {

  static RankingLoss loss(String implementation) {
    // a softer tauSim keeps central finite differences accurate at the contract's step
    return RankKit.loss("recall-at-k", Map.of("implementation", implementation, "tauSim", 0.05));
  }

  static SimilarityAugmentation simix() {
    return RankKit.augmentation("simix", Map.of());
  }

  @Nested
  class FusedCpu implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return RecallAtKContractTest.loss("fused-cpu");
    }
  }

  @Nested
  class Engine implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return RecallAtKContractTest.loss("engine");
    }
  }

  @Nested
  class FusedCpuWithSimix implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return RecallAtKContractTest.loss("fused-cpu");
    }

    @Override
    public SimilarityAugmentation augmentation() {
      return simix();
    }
  }

  @Nested
  class EngineWithSimix implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return RecallAtKContractTest.loss("engine");
    }

    @Override
    public SimilarityAugmentation augmentation() {
      return simix();
    }
  }

  @Nested
  class DefaultsWithSimix implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return RankKit.loss("recall-at-k");
    }

    @Override
    public SimilarityAugmentation augmentation() {
      return simix();
    }

    @Override
    public double finiteDifferenceStep() {
      return 1e-7; // tauSim = 0.01: curvature up to ~1/tauSim², so a smaller step
    }
  }
}

package org.rankkit.testkit;

import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.SoftmaxPositivesLoss.Variant;

/**
 * Contract implementations for deliberately broken losses. They are run only through the JUnit
 * Platform test kit by {@link ContractCatchesBrokenLossesTest} (the nested class names do not match
 * surefire's test patterns), which asserts that the contract fails for each of them.
 */
final class BrokenLossContracts {

  private BrokenLossContracts() {}

  static class NanWithoutPositives implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.NAN_WITHOUT_POSITIVES);
    }
  }

  static class OrderDependent implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.ORDER_DEPENDENT);
    }
  }

  static class OrderDependentWithMix implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.ORDER_DEPENDENT);
    }

    @Override
    public SimilarityAugmentation augmentation() {
      return new PairMixAugmentation();
    }
  }

  static class LabelValueDependent implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.LABEL_VALUE_DEPENDENT);
    }
  }

  static class LabelValueDependentWithMix implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.LABEL_VALUE_DEPENDENT);
    }

    @Override
    public SimilarityAugmentation augmentation() {
      return new PairMixAugmentation();
    }
  }

  static class WrongGradient implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.WRONG_GRADIENT);
    }
  }

  static class FreesSavedConstants implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.FREES_SAVED_CONSTANTS);
    }
  }

  static class LeaksAnArray implements RankingLossContract {
    @Override
    public RankingLoss loss() {
      return new SoftmaxPositivesLoss(0.1, Variant.LEAKS_AN_ARRAY);
    }
  }
}

package org.rankkit.augmentation.simix;

import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.testkit.SimilarityAugmentationContract;

/** SiMix under the test kit's {@link SimilarityAugmentationContract}. */
class SimixAugmentationContractTest implements SimilarityAugmentationContract {

  @Override
  public SimilarityAugmentation augmentation() {
    return new SimixAugmentation(SimixConfig.defaults());
  }
}

package org.rankkit.loss.ap;

import java.util.Map;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.SimilarityAugmentation;

/**
 * The testkit contract for smooth-ap (default path) on SiMix-extended batches (all same-label
 * pairs) whose virtual items are gallery-only: the loss of {@link SmoothApSimixContractTest},
 * another augmentation.
 */
class SmoothApGalleryOnlySimixContractTest extends SmoothApSimixContractTest {

  @Override
  public SimilarityAugmentation augmentation() {
    return RankKit.augmentation("simix", Map.of("virtualQueries", false));
  }
}

package org.rankkit.loss.contrastive;

import java.util.Map;
import org.rankkit.api.RankKit;
import org.rankkit.api.loss.SimilarityAugmentation;

/**
 * The testkit contract for contrastive on SiMix-extended batches (all same-label pairs, virtual
 * items gallery-only); the zero-loss test follows docs/numeric-spec.md's contrastive section as in
 * {@link ContrastiveContractTest}.
 */
class ContrastiveGalleryOnlySimixContractTest extends ContrastiveContractTest {

  @Override
  public SimilarityAugmentation augmentation() {
    return RankKit.augmentation("simix", Map.of("virtualQueries", false));
  }
}

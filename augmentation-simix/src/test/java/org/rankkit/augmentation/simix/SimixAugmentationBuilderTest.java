package org.rankkit.augmentation.simix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.SimilarityBatch;

class SimixAugmentationBuilderTest {

  @Test
  void startsFromTheDefaultsAndSetsEveryParameter() {
    assertThat(SimixAugmentation.builder().config()).isEqualTo(SimixConfig.defaults());
    assertThat(
            SimixAugmentation.builder()
                .virtualQueries(false)
                .maxPairsPerClass(3)
                .triple(0, 1, 0.25)
                .config())
        .isEqualTo(new SimixConfig(false, 3, List.of(List.of(0.0, 1.0, 0.25))));
    assertThatThrownBy(() -> SimixAugmentation.builder().maxPairsPerClass(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPairsPerClass");
    assertThatThrownBy(() -> SimixAugmentation.builder().triple(0, 1, 1.5).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void explicitTriplesGiveTheDocumentedVirtualItems() {
    double[] s = {1.0, 0.8, 0.1, 0.8, 1.0, 0.4, 0.1, 0.4, 1.0};
    try (NDManager manager = NDManager.newBaseManager()) {
      SimilarityBatch batch =
          SimilarityBatch.of(manager.create(s, new Shape(3, 3)), new long[] {4, 4, 9});
      SimilarityBatch mixed =
          SimixAugmentation.builder()
              .virtualQueries(false)
              .triple(0, 1, 0.25)
              .build()
              .apply(batch, new SplittableRandom(1));
      assertThat(mixed.size()).isEqualTo(4);
      assertThat(mixed.label(3)).isEqualTo(4);
      assertThat(mixed.isQuery(3)).isFalse();
      // s(v, 2) = 0.25 s(0, 2) + 0.75 s(1, 2)
      assertThat(mixed.similarities().getDouble(3, 2))
          .isCloseTo(0.25 * 0.1 + 0.75 * 0.4, org.assertj.core.api.Assertions.within(1e-12));
    }
  }
}

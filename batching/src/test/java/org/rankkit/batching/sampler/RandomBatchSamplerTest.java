package org.rankkit.batching.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RandomBatchSamplerTest {

  @Test
  void fullBatchesWithoutRepeatsAndTheLastIncompleteOneDropped() {
    RandomBatchSampler sampler = new RandomBatchSampler(103, 10, 5);
    List<int[]> batches = sampler.epoch(0);
    assertThat(batches).hasSize(10);
    Set<Integer> seen = new HashSet<>();
    for (int[] batch : batches) {
      assertThat(batch).hasSize(10);
      for (int item : batch) {
        assertThat(item).isBetween(0, 102);
        assertThat(seen.add(item)).isTrue();
      }
    }
  }

  @Test
  void deterministicBySeedReshuffledPerEpochAndResumable() {
    RandomBatchSampler a = new RandomBatchSampler(50, 8, 3);
    RandomBatchSampler b = new RandomBatchSampler(50, 8, 3);
    assertThat(a.epoch(2)).usingRecursiveFieldByFieldElementComparator().isEqualTo(b.epoch(2));
    assertThat(a.epoch(0).get(0)).isNotEqualTo(a.epoch(1).get(0));
    assertThat(new RandomBatchSampler(50, 8, 4).epoch(0).get(0)).isNotEqualTo(a.epoch(0).get(0));
    for (int i = 0; i < 9; i++) {
      a.next();
    }
    assertThat(a.position()).isEqualTo(new SamplerPosition(1, 3));
    b.seek(a.position());
    for (int i = 0; i < 10; i++) {
      assertThat(b.next()).containsExactly(a.next());
    }
  }

  @Test
  void rejectsABatchLargerThanTheDataset() {
    assertThatThrownBy(() -> new RandomBatchSampler(5, 6, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize must be in [1, itemCount = 5]");
  }
}

package org.rankkit.batching.sampler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClassBalancedSamplerTest {

  /** 30 classes of 1..25 items (several below perClass, several not a multiple of it). */
  private static long[] unevenLabels() {
    SplittableRandom random = new SplittableRandom(7);
    List<Long> labels = new ArrayList<>();
    for (long c = 0; c < 30; c++) {
      int size = 1 + random.nextInt(25);
      for (int i = 0; i < size; i++) {
        labels.add(c * 13 - 50); // labels need not be 0..C-1
      }
    }
    // interleave the items so that a class's items are not contiguous
    List<Long> shuffled = new ArrayList<>(labels);
    java.util.Collections.shuffle(shuffled, new java.util.Random(3));
    return shuffled.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void everyBatchHasExactlyPerClassItemsOfClassesPerBatchDistinctClasses() {
    long[] labels = unevenLabels();
    ClassBalancedSampler sampler =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(5, 4, 11));
    for (long epoch = 0; epoch < 3; epoch++) {
      List<int[]> batches = sampler.epoch(epoch);
      assertThat(batches).isNotEmpty();
      for (int[] batch : batches) {
        assertThat(batch).hasSize(20);
        Map<Long, Integer> counts = new HashMap<>();
        for (int item : batch) {
          counts.merge(labels[item], 1, Integer::sum);
        }
        assertThat(counts).hasSize(5);
        assertThat(counts.values()).containsOnly(4);
      }
    }
  }

  @Test
  void noItemTwiceInAnEpochAndTheEpochEndsOnlyWhenTooFewClassesAreLeft() {
    long[] labels = unevenLabels();
    ClassBalancedSamplerConfig config = new ClassBalancedSamplerConfig(5, 4, 12);
    ClassBalancedSampler sampler = new ClassBalancedSampler(labels, config);
    Map<Long, Integer> sizes = new HashMap<>();
    for (long label : labels) {
      sizes.merge(label, 1, Integer::sum);
    }
    for (long epoch = 0; epoch < 3; epoch++) {
      Set<Integer> seen = new HashSet<>();
      Map<Long, Integer> used = new HashMap<>();
      for (int[] batch : sampler.epoch(epoch)) {
        for (int item : batch) {
          assertThat(seen.add(item)).as("item %d twice in epoch %d", item, epoch).isTrue();
          used.merge(labels[item], 1, Integer::sum);
        }
      }
      // classes with fewer than perClass items never appear
      for (Map.Entry<Long, Integer> e : used.entrySet()) {
        assertThat(sizes.get(e.getKey())).isGreaterThanOrEqualTo(4);
      }
      // the epoch stopped because fewer than classesPerBatch classes had perClass unused items
      long stillUsable =
          sizes.entrySet().stream()
              .filter(e -> e.getValue() - used.getOrDefault(e.getKey(), 0) >= 4)
              .count();
      assertThat(stillUsable).isLessThan(5);
    }
  }

  @Test
  void classesAreUsedRoundRobin() {
    // 6 classes of 40 items, 3 per batch: every class is used every other batch
    long[] labels = new long[240];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 6;
    }
    ClassBalancedSampler sampler =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(3, 4, 5));
    List<int[]> batches = sampler.epoch(0);
    assertThat(batches).hasSize(20);
    Map<Long, Integer> perClassBatches = new HashMap<>();
    for (int[] batch : batches) {
      for (int k = 0; k < batch.length; k += 4) {
        perClassBatches.merge(labels[batch[k]], 1, Integer::sum);
      }
    }
    assertThat(perClassBatches.values()).containsOnly(10);
  }

  @Test
  void deterministicBySeedAndReshuffledEveryEpoch() {
    long[] labels = unevenLabels();
    ClassBalancedSampler a =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(5, 4, 42));
    ClassBalancedSampler b =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(5, 4, 42));
    ClassBalancedSampler c =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(5, 4, 43));
    assertThat(a.epoch(0)).usingRecursiveFieldByFieldElementComparator().isEqualTo(b.epoch(0));
    assertThat(a.epoch(3)).usingRecursiveFieldByFieldElementComparator().isEqualTo(b.epoch(3));
    assertThat(flatten(a.epoch(0))).isNotEqualTo(flatten(c.epoch(0)));
    assertThat(flatten(a.epoch(0))).isNotEqualTo(flatten(a.epoch(1)));
    // the class order changes between epochs, not only the items within classes
    assertThat(classSequence(labels, a.epoch(0))).isNotEqualTo(classSequence(labels, a.epoch(1)));
  }

  @Test
  void batchesCanBeModifiedWithoutChangingTheSampler() {
    long[] labels = unevenLabels();
    ClassBalancedSampler sampler =
        new ClassBalancedSampler(labels, new ClassBalancedSamplerConfig(5, 4, 1));
    int[] first = sampler.epoch(0).get(0);
    int[] copy = first.clone();
    Arrays.fill(first, -1);
    assertThat(sampler.epoch(0).get(0)).containsExactly(copy);
  }

  @Test
  void rejectsImpossibleConfigurations() {
    long[] labels = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2};
    assertThatThrownBy(() -> new ClassBalancedSampler(labels, ClassBalancedSamplerConfig.of(3, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only 2 of the 3 classes");
    assertThatThrownBy(() -> new ClassBalancedSamplerConfig(0, 4, 1))
        .hasMessageContaining("classesPerBatch must be >= 1");
    assertThatThrownBy(() -> new ClassBalancedSamplerConfig(2, 0, 1))
        .hasMessageContaining("perClass must be >= 1");
    assertThatThrownBy(() -> new SamplerPosition(-1, 0)).hasMessageContaining("epoch");
    assertThat(ClassBalancedSamplerConfig.of(8, 0).batchSize()).isEqualTo(32);
  }

  private static List<Integer> flatten(List<int[]> batches) {
    List<Integer> out = new ArrayList<>();
    for (int[] b : batches) {
      for (int i : b) {
        out.add(i);
      }
    }
    return out;
  }

  private static List<Long> classSequence(long[] labels, List<int[]> batches) {
    List<Long> out = new ArrayList<>();
    for (int[] b : batches) {
      for (int k = 0; k < b.length; k += 4) {
        out.add(labels[b[k]]);
      }
    }
    return out;
  }
}

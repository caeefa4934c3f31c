package org.rankkit.api.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link LabelStructure} against brute-force loops over random labellings. */
class LabelStructureTest {

  @Test
  void retrievalStructureMatchesBruteForce() {
    SplittableRandom random = new SplittableRandom(3);
    for (int trial = 0; trial < 200; trial++) {
      boolean leaveOneOut = random.nextBoolean();
      int queries = 1 + random.nextInt(30);
      int gallery = leaveOneOut ? queries : 1 + random.nextInt(30);
      int classes = 1 + random.nextInt(8);
      long[] galleryLabels = random.longs(gallery, 0, classes).toArray();
      long[] queryLabels =
          leaveOneOut ? galleryLabels.clone() : random.longs(queries, 0, classes + 2).toArray();
      LabelStructure structure = LabelStructure.of(queryLabels, galleryLabels, leaveOneOut);
      List<Integer> valid = new ArrayList<>();
      int max = 0;
      for (int q = 0; q < queries; q++) {
        List<Integer> expected = new ArrayList<>();
        for (int j = 0; j < gallery; j++) {
          if (galleryLabels[j] == queryLabels[q] && !(leaveOneOut && j == q)) {
            expected.add(j);
          }
        }
        assertThat(structure.positives(q))
            .containsExactly(expected.stream().mapToInt(Integer::intValue).toArray());
        assertThat(structure.positiveCount(q)).isEqualTo(expected.size());
        assertThat(structure.isValid(q)).isEqualTo(!expected.isEmpty());
        if (!expected.isEmpty()) {
          valid.add(q);
          max = Math.max(max, expected.size());
        }
      }
      assertThat(structure.validQueries())
          .containsExactly(valid.stream().mapToInt(Integer::intValue).toArray());
      assertThat(structure.validCount()).isEqualTo(valid.size());
      assertThat(structure.maxPositives()).isEqualTo(max);
      assertThat(structure.queryCount()).isEqualTo(queries);
      assertThat(structure.gallerySize()).isEqualTo(gallery);
    }
  }

  @Test
  void batchStructureHonoursTheQueryMask() {
    long[] labels = {5, 5, 9, 5, 9, 1};
    boolean[] queries = {true, false, true, true, false, true};
    LabelStructure structure = LabelStructure.of(labels, queries);
    assertThat(structure.validQueries()).containsExactly(0, 2, 3);
    assertThat(structure.positives(1)).containsExactly(0, 3); // not a query, still has positives
    assertThat(structure.isValid(1)).isFalse();
    assertThat(structure.positives(5)).isEmpty();
    assertThat(structure.maxPositives()).isEqualTo(2);
  }

  @Test
  void leaveOneOutNeedsTheQueriesToBeTheGallery() {
    assertThatThrownBy(() -> LabelStructure.of(new long[2], new long[3], true))
        .hasMessageContaining("2 queries and 3 gallery items");
  }
}

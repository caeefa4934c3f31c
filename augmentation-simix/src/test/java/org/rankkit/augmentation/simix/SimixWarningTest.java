package org.rankkit.augmentation.simix;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.SimilarityBatch;

/** The one-time warning when sampling every same-class pair swamps the batch. */
class SimixWarningTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  /** Applies simix twice to a batch of {@code classes × perClass}; returns what it logged. */
  private static String logged(SimixAugmentation simix, int classes, int perClass) {
    int b = classes * perClass;
    long[] labels = new long[b];
    for (int i = 0; i < b; i++) {
      labels[i] = i / perClass;
    }
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (NDManager manager = NDManager.newBaseManager()) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      SimilarityBatch batch = SimilarityBatch.of(manager.zeros(new Shape(b, b)), labels);
      simix.apply(batch, new SplittableRandom(1));
      simix.apply(batch, new SplittableRandom(2));
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  @Test
  void warnsOnceWhenEveryPairOfManyItemsPerClassIsMixed() {
    // 2 classes × 16 items: 2 · C(16, 2) = 240 virtual items for 32 real ones
    String log = logged(SimixAugmentation.builder().build(), 2, 16);
    assertThat(log).contains("240 virtual items for 32 real ones").contains("maxPairsPerClass");
    assertThat(log.split("simix: every same-class pair", -1)).hasSize(2);
  }

  @Test
  void staysQuietForThePapersBatchesAndWithACap() {
    // 4 items per class: 6 pairs per class, 1.5 virtual items per real one
    assertThat(logged(SimixAugmentation.builder().build(), 10, 4)).doesNotContain("simix:");
    assertThat(logged(SimixAugmentation.builder().maxPairsPerClass(6).build(), 2, 16))
        .doesNotContain("simix:");
  }
}

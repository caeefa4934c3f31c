package org.rankkit.bench.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.plugin.PluginRegistry;

class LossBenchTest {

  private static PluginRegistry registry;

  @BeforeAll
  static void setUp() {
    DjlDefaults.applyOffline();
    registry = PluginRegistry.discover(LossBenchTest.class.getClassLoader());
  }

  private static LossBenchConfig config(String loss, boolean simix, int batch, int perClass) {
    return new LossBenchConfig(
        loss, Map.of(), simix, batch, perClass, 8, 3, 1, DataType.FLOAT32, false, 7L);
  }

  @Test
  void measuresEveryRepeatWithAndWithoutSimix() {
    LossBenchResult plain = LossBench.run(config("recall-at-k", false, 16, 4), registry);
    assertThat(plain.items()).isEqualTo(16);
    assertThat(plain.seconds()).hasSize(3).allSatisfy(s -> assertThat(s).isPositive());
    assertThat(plain.medianSeconds()).isBetween(plain.minSeconds(), 60.0);
    assertThat(plain.loss()).isBetween(0.0, 1.0);
    assertThat(plain.peakResidentBytes()).isGreaterThan(0);
    assertThat(plain.runPeakExtraBytes()).isGreaterThanOrEqualTo(-1);
    // 4 classes of 4 items: 6 pairs each, one virtual item per pair
    LossBenchResult mixed = LossBench.run(config("recall-at-k", true, 16, 4), registry);
    assertThat(mixed.items()).isEqualTo(16 + 4 * 6);
  }

  @Test
  void lossParametersAreApplied() {
    LossBenchConfig base = config("recall-at-k", false, 12, 3);
    LossBenchConfig custom =
        new LossBenchConfig(
            "recall-at-k", Map.of("ks", "1"), false, 12, 3, 8, 1, 0, DataType.FLOAT64, false, 7L);
    double a = LossBench.run(base, registry).loss();
    double b = LossBench.run(custom, registry).loss();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void labelsHavePerClassItems() {
    assertThat(config("contrastive", false, 6, 3).labels()).containsExactly(0, 0, 0, 1, 1, 1);
  }

  @Test
  void benchRefusesWhatTrainRefusesAndSizesThatCannotBeAllocated() {
    assertThatThrownBy(() -> config("recall-at-k", false, 100, 1))
        .hasMessageContaining("per-class must be in [2,")
        .hasMessageContaining("no query has a positive");
    assertThatThrownBy(() -> config("recall-at-k", false, 10, 4))
        .hasMessageContaining("batch=10 is not a multiple of per-class=4")
        .hasMessageContaining("batch=8 or 12");
    assertThatThrownBy(
            () ->
                new LossBenchConfig(
                    "recall-at-k",
                    Map.of(),
                    false,
                    2_000_000_000,
                    2,
                    2_000_000_000,
                    1,
                    0,
                    DataType.FLOAT32,
                    false,
                    1))
        .hasMessageContaining("embedding values")
        .hasMessageContaining("lower --batch or --dim");
    assertThatThrownBy(() -> config("recall-at-k", false, 1_000_000, 4))
        .hasMessageContaining("N may be at most 46340");
    assertThatThrownBy(() -> config("recall-at-k", true, 20_000, 20))
        .hasMessageContaining("with simix gives 210000 items");
  }

  @Test
  void invalidConfigurationsAndUnknownLossesAreRejected() {
    assertThatThrownBy(() -> config("recall-at-k", false, 1, 1))
        .hasMessageContaining("batch must be >= 2");
    assertThatThrownBy(() -> config("recall-at-k", false, 8, 9)).hasMessageContaining("per-class");
    assertThatThrownBy(
            () ->
                new LossBenchConfig(
                    "recall-at-k", Map.of(), false, 8, 4, 8, 0, 0, DataType.FLOAT32, false, 1))
        .hasMessageContaining("repeat");
    assertThatThrownBy(
            () ->
                new LossBenchConfig(
                    "recall-at-k", Map.of(), false, 8, 4, 8, 1, 0, DataType.INT32, false, 1))
        .hasMessageContaining("float32 or float64");
    assertThatThrownBy(() -> LossBench.run(config("no-such-loss", false, 8, 4), registry))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recall-at-k");
  }
}

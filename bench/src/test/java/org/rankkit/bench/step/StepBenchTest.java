package org.rankkit.bench.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;
import org.rankkit.api.plugin.PluginException;
import org.rankkit.api.plugin.PluginKind;

class StepBenchTest {

  @Test
  void everyStrategyOfTheRegistryTrainsATinyCnnAndReportsTimeAndMemory() {
    assertThat(RankKit.registry().ids(PluginKind.BATCH_STRATEGY))
        .contains("plain", "memory-bounded");
    for (String strategy : RankKit.registry().ids(PluginKind.BATCH_STRATEGY)) {
      List<String> lines = new ArrayList<>();
      StepBenchResult result =
          StepBench.run(
              new StepBenchConfig(strategy, 16, 5, 2, 1, 16, 1, 8, 3, 0),
              RankKit.registry(),
              lines::add);
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).contains("warm-up");
      assertThat(result.stepSeconds()).hasSize(2).allSatisfy(s -> assertThat(s).isPositive());
      // Process CPU time advances in scheduler ticks (10 ms on Linux): a tiny step may read 0.
      assertThat(result.stepCpuSeconds())
          .hasSize(2)
          .allSatisfy(s -> assertThat(s).isGreaterThanOrEqualTo(0.0).isLessThan(60.0));
      assertThat(result.losses()).hasSize(2).allSatisfy(l -> assertThat(l).isBetween(0.0, 1.0));
      assertThat(result.medianSeconds())
          .isBetween(
              Math.min(result.stepSeconds().get(0), result.stepSeconds().get(1)),
              Math.max(result.stepSeconds().get(0), result.stepSeconds().get(1)));
      assertThat(result.peakResidentBytes()).isGreaterThan(10L << 20);
      assertThat(result.steppedSteps()).isEqualTo(2);
      assertThat(result.processors()).isPositive();
    }
  }

  @Test
  void rejectsBatchesThatAreNotWholeClasses() {
    assertThatThrownBy(() -> new StepBenchConfig("plain", 18, 4, 1, 0, 4, 1, 8, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 4");
  }

  @Test
  void anUnknownStrategyListsTheRegistrysStrategies() {
    StepBenchConfig chunked = new StepBenchConfig("chunked", 16, 4, 1, 0, 4, 1, 8, 1, 0);
    assertThatThrownBy(() -> StepBench.run(chunked, RankKit.registry(), line -> {}))
        .isInstanceOf(PluginException.class)
        .hasMessage(
            "unknown batch-strategy 'chunked'; known batch-strategy ids: memory-bounded, plain");
    assertThatThrownBy(() -> new StepBenchConfig("Chunked", 16, 4, 1, 0, 4, 1, 8, 1, 0))
        .hasMessageContaining("kebab-case");
  }

  @Test
  void chunkGoesToTheStrategiesThatHaveIt() {
    StepBenchConfig config = new StepBenchConfig("memory-bounded", 16, 5, 1, 0, 4, 1, 8, 1, 0);
    assertThat(StepBench.strategyParameters(config, RankKit.registry()))
        .containsExactly(Map.entry("chunk", 5));
    StepBenchConfig plain = new StepBenchConfig("plain", 16, 5, 1, 0, 4, 1, 8, 1, 0);
    assertThat(StepBench.strategyParameters(plain, RankKit.registry())).isEmpty();
  }
}

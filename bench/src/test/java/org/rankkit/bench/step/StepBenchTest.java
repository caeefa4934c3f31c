package org.rankkit.bench.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;

class StepBenchTest {

  @Test
  void bothStrategiesTrainATinyCnnAndReportTimeAndMemory() {
    for (String strategy : StepBenchConfig.STRATEGIES) {
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
    assertThatThrownBy(() -> new StepBenchConfig("chunked", 16, 4, 1, 0, 4, 1, 8, 1, 0))
        .hasMessageContaining("plain, memory-bounded");
  }
}

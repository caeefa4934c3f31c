package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;

class BenchStepCommandTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  @Test
  void memoryBoundedPrintsJsonWithMedianTimeAndPeakMemory() throws Exception {
    CliRun r =
        CliRun.of(
            "bench",
            "step",
            "--strategy",
            "memory-bounded",
            "--batch",
            "16",
            "--chunk",
            "5",
            "--repeat",
            "2",
            "--warmup",
            "0",
            "--width",
            "16",
            "--stages",
            "1",
            "--dim",
            "8",
            "--json",
            "--progress");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.out());
    assertThat(o.get("strategy").asText()).isEqualTo("memory-bounded");
    assertThat(o.get("chunk").asInt()).isEqualTo(5);
    assertThat(o.get("seconds").size()).isEqualTo(2);
    assertThat(o.get("medianSeconds").asDouble()).isPositive();
    // Process CPU time advances in scheduler ticks (10 ms on Linux): a tiny step may read 0.
    assertThat(o.get("medianCpuSeconds").asDouble()).isGreaterThanOrEqualTo(0.0);
    assertThat(o.get("steppedSteps").asInt()).isEqualTo(2);
    assertThat(o.get("peakResidentBytes").asLong()).isGreaterThan(10L << 20);
    assertThat(r.err()).contains("step 2/2");
  }

  @Test
  void plainPrintsATableAndBadArgumentsAreErrors() {
    CliRun r =
        CliRun.of(
            "bench",
            "step",
            "--strategy",
            "plain",
            "--batch",
            "8",
            "--repeat",
            "1",
            "--width",
            "16",
            "--stages",
            "1",
            "--dim",
            "8");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("STRATEGY").contains("MEDIAN_S").contains("PEAK_RSS_MIB");
    assertThat(lines[1].split("\\s+")).startsWith("plain", "8", "-", "1");

    CliRun bad = CliRun.of("bench", "step", "--strategy", "plain", "--batch", "10");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("multiple of 4");
  }
}

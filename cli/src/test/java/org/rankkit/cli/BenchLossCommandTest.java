package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;

class BenchLossCommandTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  @Test
  void printsJsonWithMedianAndMemory() throws Exception {
    CliRun r =
        CliRun.of(
            "bench",
            "loss",
            "--loss",
            "recall-at-k",
            "--batch",
            "16",
            "--per-class",
            "4",
            "--dim",
            "8",
            "--repeat",
            "3",
            "--json",
            "--set",
            "ks=1,2",
            "--set",
            "tauSim=0.05");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode o = new ObjectMapper().readTree(r.out());
    assertThat(o.get("loss").asText()).isEqualTo("recall-at-k");
    assertThat(o.get("items").asInt()).isEqualTo(16);
    assertThat(o.get("seconds").size()).isEqualTo(3);
    assertThat(o.get("medianSeconds").asDouble()).isPositive();
    assertThat(o.get("peakResidentBytes").asLong()).isPositive();
    assertThat(o.get("params").get("ks").toString()).isEqualTo("[\"1\",\"2\"]");
    assertThat(o.get("dtype").asText()).isEqualTo("float32");
  }

  @Test
  void simixExtendsTheBatchAndTheTableHasAHeader() {
    CliRun r =
        CliRun.of(
            "bench",
            "loss",
            "--loss",
            "contrastive",
            "--simix",
            "--batch",
            "12",
            "--per-class",
            "3",
            "--dim",
            "4",
            "--repeat",
            "1",
            "--dtype",
            "float64");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("LOSS").contains("MEDIAN_S").contains("RUN_PEAK_MIB");
    // 4 classes of 3 items: 3 pairs each -> 12 + 12 items
    assertThat(lines[1].split("\\s+"))
        .startsWith("contrastive", "true", "12", "24", "3", "4", "float64");
  }

  @Test
  void badInputIsAClearError() {
    CliRun unknownLoss = CliRun.of("bench", "loss", "--loss", "nope", "--batch", "8", "--dim", "4");
    assertThat(unknownLoss.exit()).isNotZero();
    assertThat(unknownLoss.err()).startsWith("rankkit: error: ").contains("recall-at-k");
    CliRun unknownParam =
        CliRun.of(
            "bench", "loss", "--loss", "recall-at-k", "--batch", "8", "--dim", "4", "--set", "x=1");
    assertThat(unknownParam.exit()).isNotZero();
    assertThat(unknownParam.err()).contains("unknown parameter 'x'");
    CliRun badBatch = CliRun.of("bench", "loss", "--loss", "recall-at-k", "--batch", "1");
    assertThat(badBatch.exit()).isNotZero();
    assertThat(badBatch.err()).contains("batch must be >= 2");
    CliRun missing = CliRun.of("bench", "loss", "--batch", "8");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("--loss");
  }
}

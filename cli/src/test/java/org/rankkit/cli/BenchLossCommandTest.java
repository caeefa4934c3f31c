package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import picocli.CommandLine;

class BenchLossCommandTest {

  private record Run(int exit, String out, String err) {}

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  private static Run run(String... args) {
    CommandLine cl = RankKitCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void printsJsonWithMedianAndMemory() throws Exception {
    Run r =
        run("bench", "loss", "--loss", "recall-at-k", "--batch", "16", "--per-class", "4",
            "--dim", "8", "--repeat", "3", "--json", "--set", "ks=1,2", "--set", "tauSim=0.05");
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
    Run r =
        run("bench", "loss", "--loss", "contrastive", "--simix", "--batch", "12",
            "--per-class", "3", "--dim", "4", "--repeat", "1", "--dtype", "float64");
    assertThat(r.exit()).as(r.err()).isZero();
    String[] lines = r.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).startsWith("LOSS").contains("MEDIAN_S").contains("RUN_PEAK_MIB");
    // 4 classes of 3 items: 3 pairs each -> 12 + 12 items
    assertThat(lines[1].split("\\s+")).startsWith("contrastive", "true", "12", "24", "3", "4",
        "float64");
  }

  @Test
  void badInputIsAClearError() {
    Run unknownLoss = run("bench", "loss", "--loss", "nope", "--batch", "8", "--dim", "4");
    assertThat(unknownLoss.exit()).isNotZero();
    assertThat(unknownLoss.err()).startsWith("rankkit: error: ").contains("recall-at-k");
    Run unknownParam =
        run("bench", "loss", "--loss", "recall-at-k", "--batch", "8", "--dim", "4", "--set", "x=1");
    assertThat(unknownParam.exit()).isNotZero();
    assertThat(unknownParam.err()).contains("unknown parameter 'x'");
    Run badBatch = run("bench", "loss", "--loss", "recall-at-k", "--batch", "1");
    assertThat(badBatch.exit()).isNotZero();
    assertThat(badBatch.err()).contains("batch must be >= 2");
    Run missing = run("bench", "loss", "--batch", "8");
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("--loss");
  }
}

package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.DjlDefaults;

class LossCheckCommandTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(LossCheckCommandTest.class.getResource("/golden/losses/" + name).toURI());
  }

  /** Runs loss-check on a golden case and compares with its expected values. */
  private static void assertMatchesExpected(String name, String dtype, double abs, double rel)
      throws Exception {
    Path file = golden(name);
    CliRun r = CliRun.of("loss-check", file.toString(), "--dtype", dtype);
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out().strip().lines()).hasSize(1);
    JsonNode actual = new ObjectMapper().readTree(r.out());
    assertThat(actual.size()).isEqualTo(2);
    JsonNode expected = new ObjectMapper().readTree(file.toFile()).get("expected");
    double el = expected.get("loss").asDouble();
    assertThat(actual.get("loss").asDouble()).isCloseTo(el, within(abs + rel * Math.abs(el)));
    JsonNode eg = expected.get("grad");
    JsonNode ag = actual.get("grad");
    assertThat(ag.size()).isEqualTo(eg.size());
    for (int i = 0; i < eg.size(); i++) {
      assertThat(ag.get(i).size()).isEqualTo(eg.get(i).size());
      for (int k = 0; k < eg.get(i).size(); k++) {
        double e = eg.get(i).get(k).asDouble();
        assertThat(ag.get(i).get(k).asDouble())
            .as("%s grad[%d][%d]", name, i, k)
            .isCloseTo(e, within(abs + rel * Math.abs(e)));
      }
    }
  }

  @Test
  void printsLossAndGradientOfAGoldenCase() throws Exception {
    assertMatchesExpected("contrastive-basic.json", "float64", 1e-7, 0);
    assertMatchesExpected("contrastive-basic.json", "float32", 1e-4, 1e-3);
  }

  @Test
  void appliesTheMixWithSimix() throws Exception {
    assertMatchesExpected("contrastive-simix.json", "float64", 1e-7, 0);
    // virtualQueries=false in params goes to simix, the rest to the loss
    assertMatchesExpected("recall-at-k-virtual-db-only.json", "float64", 1e-7, 0);
  }

  @Test
  void defaultsToFloat64() throws Exception {
    CliRun r = CliRun.of("loss-check", golden("contrastive-basic.json").toString());
    CliRun r64 =
        CliRun.of("loss-check", golden("contrastive-basic.json").toString(), "--dtype", "float64");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo(r64.out());
  }

  private static Path write(Path dir, String json) throws Exception {
    Path f = dir.resolve("case.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void badInputIsAClearErrorWithNonZeroExit(@TempDir Path dir) throws Exception {
    String emb = "[[1,0],[0,1],[0.6,0.8]]";
    String[][] cases = {
      {"{\"loss\":\"contrastive\",\"embeddings\":" + emb + ",\"labels\":[0,0]}", "same length"},
      {
        "{\"loss\":\"contrastive\",\"embeddings\":[[1,NaN],[0,1],[1,1]],\"labels\":[0,0,1]}",
        "must be finite"
      },
      {"{\"loss\":\"contrastive\",\"embeddings\":" + emb + ",\"labels\":[0,1.5,1]}", "labels"},
      {
        "{\"loss\":\"contrastive\",\"embeddings\":"
            + emb
            + ",\"labels\":[0,0,1],\"mix\":[[0,2,0.5]]}",
        "same label"
      },
      {
        "{\"loss\":\"contrastive\",\"embeddings\":"
            + emb
            + ",\"labels\":[0,0,1],\"mix\":[[0,7,0.5]]}",
        "indices must be integers in [0, 2]"
      },
      {"{\"loss\":\"no-such-loss\",\"embeddings\":" + emb + ",\"labels\":[0,0,1]}", "contrastive"},
      {
        "{\"loss\":\"contrastive\",\"params\":{\"tauSim\":1},\"embeddings\":"
            + emb
            + ",\"labels\":[0,0,1]}",
        "unknown parameter 'tauSim'"
      },
      {
        "{\"loss\":\"contrastive\",\"params\":{\"posMargin\":\"x\"},\"embeddings\":"
            + emb
            + ",\"labels\":[0,0,1]}",
        "invalid parameters for loss 'contrastive'"
      },
    };
    for (String[] c : cases) {
      CliRun r = CliRun.of("loss-check", write(dir, c[0]).toString());
      assertThat(r.exit()).as(c[0]).isNotZero();
      assertThat(r.out()).as(c[0]).isEmpty();
      assertThat(r.err()).as(c[0]).startsWith("rankkit: error: ").contains(c[1]);
    }
    CliRun missing = CliRun.of("loss-check", dir.resolve("absent.json").toString());
    assertThat(missing.exit()).isNotZero();
    assertThat(missing.err()).contains("no such file");
    CliRun badType =
        CliRun.of("loss-check", golden("contrastive-basic.json").toString(), "--dtype", "int8");
    assertThat(badType.exit()).isNotZero();
    assertThat(badType.err()).contains("float32").contains("float64");
  }

  @Test
  void gpuWithoutAGpuIsAClearError() throws Exception {
    Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is present");
    CliRun r =
        CliRun.of("loss-check", golden("contrastive-basic.json").toString(), "--device", "gpu");
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).startsWith("rankkit: error: ").contains("not available");
  }
}

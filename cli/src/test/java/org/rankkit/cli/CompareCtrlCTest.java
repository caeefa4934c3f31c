package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * A real Ctrl-C (SIGINT) to {@code rankkit compare} in a child JVM on a tiny glyphs suite (four
 * faces, 24 classes, 16-pixel images), at two moments chosen by the child's own output (so no
 * timing luck): while the second run trains (after its first epoch) and just after the second run
 * finished. The child exits with 130 and prints the resume command; {@code compare --resume DIR} in
 * a new JVM finishes the suite, and the results (metrics, per-epoch losses, configurations) equal
 * an uninterrupted suite's.
 */
class CompareCtrlCTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;
  private static Path suite;

  @BeforeAll
  static void tinySuite() throws IOException {
    TinyGlyphs.requireFonts();
    suite =
        YamlFiles.writeSuite(
            root.resolve("suite.yaml"),
            "ctrl-c",
            TinyGlyphs.settings(
                Map.of(
                    "dim", 8,
                    "batch", 16,
                    "perClass", 4,
                    "epochs", 3,
                    "evalEvery", 1,
                    "evalKs", List.of(1, 2),
                    "strategy", "plain")),
            Map.of(),
            List.of(
                YamlFiles.RAW_PIXELS_RUN,
                Map.of("name", "contrastive", "loss", "contrastive"),
                Map.of("name", "contrastive again", "loss", "contrastive")));
  }

  /** {@code rankkit args...} in a child JVM whose cache lies under this class's folder. */
  private static LauncherProcess child(String... args) throws IOException {
    return new LauncherProcess(root, args);
  }

  private static JsonNode comparable(Path dir) throws IOException {
    JsonNode results = JSON.readTree(dir.resolve("results.json").toFile());
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode run : results.get("runs")) {
      ObjectNode kept = JSON.createObjectNode();
      kept.set("key", run.get("key"));
      kept.set("config", run.get("config"));
      ObjectNode fin = run.get("final").deepCopy();
      fin.remove("seconds");
      kept.set("final", fin);
      List<JsonNode> history = new ArrayList<>();
      for (JsonNode epoch : run.get("history")) {
        ObjectNode e = epoch.deepCopy();
        e.remove("seconds");
        if (e.has("eval")) {
          ((ObjectNode) e.get("eval")).remove("seconds");
        }
        history.add(e);
      }
      kept.set("history", JSON.valueToTree(history));
      out.add(kept);
    }
    return JSON.valueToTree(out);
  }

  @Test
  void ctrlCDuringARunAndBetweenRunsThenResumeEqualsAnUninterruptedSuite() throws Exception {
    Path straight = root.resolve("straight");
    LauncherProcess whole =
        child("compare", "--suite", suite.toString(), "--out", straight.toString());
    assertThat(whole.exit()).as(whole.output()).isZero();
    JsonNode expected = comparable(straight);
    assertThat(expected).hasSize(3);

    List<Predicate<String>> moments =
        List.of(
            line ->
                line.startsWith("    epoch 1:")
                    && line.contains("loss"), // first epoch of run 2 done
            line -> line.startsWith("[2/3]") && line.contains("done in")); // run 2 just finished
    int index = 0;
    for (Predicate<String> moment : moments) {
      Path dir = root.resolve("interrupted-" + index++);
      LauncherProcess child =
          child("compare", "--suite", suite.toString(), "--out", dir.toString());
      child.interruptWhen(moment);
      child.sigintAfterWaiting();
      assertThat(child.exit()).as(child.output()).isEqualTo(130);
      assertThat(child.output()).contains("Continue with: rankkit compare --resume " + dir);
      JsonNode partial = JSON.readTree(dir.resolve("results.json").toFile());
      assertThat(partial.get("runs").size()).as(child.output()).isLessThan(3);

      LauncherProcess resumed = child("compare", "--resume", dir.toString());
      assertThat(resumed.exit()).as(resumed.output()).isZero();
      assertThat(comparable(dir)).as(resumed.output()).isEqualTo(expected);
      if (index == 1) {
        assertThat(resumed.output()).contains("continuing from its checkpoint");
      }
    }
  }
}

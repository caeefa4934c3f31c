package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.Glyphs;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * {@code glyphs} through the CLI on the installed fonts: {@code rankkit dataset} (describe, {@code
 * --faces}, {@code --export}), {@code rankkit train} and {@code rankkit compare --quick} with a
 * suite file. Four faces, 16-pixel images and a few dozen classes keep each run to seconds.
 */
@org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
class GlyphsThroughCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path cache;
  @TempDir Path dir;

  @BeforeAll
  static void fonts() {
    System.setProperty("rankkit.cache", cache.toString());
    TinyGlyphs.requireFonts();
  }

  @Test
  void datasetDescribesAndExportsTheSplits() throws Exception {
    Path export = dir.resolve("export");
    CliRun run =
        CliRun.of(
            SettingArguments.command(
                "dataset",
                TinyGlyphs.settings(Map.of("glyphClasses", 30, "glyphEvalItemsPerClass", 3)),
                "--export",
                export.toString(),
                "--json"));
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode description = JSON.readTree(run.out());
    assertThat(description.at("/train/items").asInt()).isEqualTo(120);
    assertThat(description.at("/train/classes").asInt()).isEqualTo(30);
    assertThat(description.at("/test/items").asInt()).isEqualTo(90);
    byte[] images = Files.readAllBytes(export.resolve("test-images.npy"));
    String header = new String(images, 10, 118, StandardCharsets.US_ASCII);
    assertThat(header).contains("'descr': '|u1'").contains("'shape': (90, 16, 16)");
    assertThat(images.length).isEqualTo(128 + 90 * 16 * 16);
    byte[] labels = Files.readAllBytes(export.resolve("train-labels.npy"));
    long first = ByteBuffer.wrap(labels, 128, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(first).isBetween((long) Glyphs.FIRST_CODE_POINT, (long) Glyphs.LAST_CODE_POINT);
    JsonNode meta = JSON.readTree(export.resolve("meta.json").toFile());
    assertThat(meta.get("std").asDouble()).isPositive();

    CliRun faces = CliRun.of("dataset", "--faces");
    assertThat(faces.out()).contains("kouzan-sousho").contains("fonts-kouzan-mouhitsu");
  }

  @Test
  void trainsAndComparesOnGlyphs() throws Exception {
    Path out = dir.resolve("train");
    CliRun train =
        CliRun.of(
            SettingArguments.command(
                "train",
                TinyGlyphs.settings(
                    Map.of(
                        "loss",
                        "recall-at-k",
                        "dim",
                        8,
                        "epochs",
                        1,
                        "batch",
                        16,
                        "imageAugment",
                        true,
                        "evalKs",
                        List.of(1, 2))),
                "--out",
                out.toString()));
    assertThat(train.exit()).as(train.err()).isZero();
    JsonNode result = JSON.readTree(out.resolve("result.json").toFile());
    assertThat(result.at("/config/perClass").asInt()).isEqualTo(4);
    assertThat(result.at("/final/queries").asInt()).isEqualTo(24 * 4);
    assertThat(result.at("/final/recall@1").asDouble()).isBetween(0.0, 1.0);

    Path suite =
        YamlFiles.writeSuite(
            dir.resolve("suite.yaml"),
            "glyphs-tiny",
            TinyGlyphs.settings(
                Map.of(
                    "glyphClasses", 40,
                    "dim", 8,
                    "batch", 16,
                    "perClass", 4,
                    "evalKs", List.of(1, 2),
                    "strategy", "memory-bounded")),
            Map.of("epochs", 1, "glyphClasses", 20),
            List.of(
                YamlFiles.RAW_PIXELS_RUN,
                Map.of(
                    "name",
                    "recall-at-k + simix",
                    "loss",
                    "recall-at-k",
                    "augment",
                    List.of("simix"))));
    Path compare = dir.resolve("compare");
    CliRun run =
        CliRun.of("compare", "--quick", "--suite", suite.toString(), "--out", compare.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode results = JSON.readTree(compare.resolve("results.json").toFile());
    assertThat(results.get("runs")).hasSize(2);
    assertThat(results.toString()).contains("\"queries\":80");
    // the same queries side by side: the best run's retrieval.png and the baseline's
    assertThat(Files.readString(compare.resolve("report.md")))
        .contains(
            "## Retrieval",
            "(runs/recall-at-k-simix-seed0/retrieval.png)",
            "(runs/raw-pixels-seed0/retrieval.png)");
  }
}

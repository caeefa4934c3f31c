package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.ImageSet;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.outputs.RetrievalPicture;
import org.rankkit.trainer.run.RunData;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * After training, through the CLI on glyphs (not Fashion-MNIST): {@code train} writes
 * retrieval.png; {@code export}, {@code embed} of the test split and {@code eval} of those
 * embeddings give exactly the run's Recall@1; {@code search}'s top-1 is eval's ranking's top-1;
 * {@code embed --data} of an image folder names or skips a corrupt image.
 */
class AfterTrainingThroughCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The run: tiny glyphs, recall-at-k, two epochs, evaluated in batches of 40. */
  private static final Map<String, Object> RUN =
      TinyGlyphs.recallRun(Map.of("epochs", 2, "evalBatch", 40));

  @TempDir static Path dir;
  @TempDir static Path cache;

  @BeforeAll
  static void trainAndExport() {
    System.setProperty("rankkit.cache", cache.toString()); // a glyph cache of this test's own
    TinyGlyphs.requireFonts();
    CliRun train =
        CliRun.of(SettingArguments.command("train", RUN, "--out", dir.resolve("run").toString()));
    assertThat(train.exit()).as(train.err()).isZero();
    CliRun export =
        CliRun.of(
            "export",
            "--run",
            dir.resolve("run").toString(),
            "--checkpoint",
            "last",
            "--out",
            dir.resolve("model").toString());
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).contains("embedding size 64", "greyscale 16x16");
  }

  @Test
  void embeddingsOfTheTestSplitGiveTheRunsRecallAndSearchAgreesWithEval() throws Exception {
    assertThat(ImageIO.read(dir.resolve("run").resolve(RetrievalPicture.FILE).toFile()).getWidth())
        .isGreaterThan(600);
    Path npy = dir.resolve("emb").resolve("test.npy");
    CliRun embed =
        CliRun.of(
            "embed",
            "--model",
            dir.resolve("model").toString(),
            "--dataset",
            "glyphs",
            "--split",
            "test",
            "--out",
            npy.toString());
    assertThat(embed.exit()).as(embed.err()).isZero();
    assertThat(embed.out()).contains("Embedded 96 images (64 dimensions)");
    CliRun eval =
        CliRun.of(
            "eval",
            "--embeddings",
            npy.toString(),
            "--labels",
            dir.resolve("emb").resolve("test.labels.npy").toString(),
            "--k",
            "1,2",
            "--json");
    assertThat(eval.exit()).as(eval.err()).isZero();
    double recall1 = JSON.readTree(eval.out()).get("recall@1").asDouble();
    JsonNode result = JSON.readTree(dir.resolve("run").resolve("result.json").toFile());
    assertThat(recall1).isEqualTo(result.at("/final/recall@1").asDouble());

    CliRun search = CliRun.of("search", "--gallery", npy.toString(), "--k", "1", "--csv");
    assertThat(search.exit()).as(search.err()).isZero();
    List<String> lines = search.out().lines().skip(1).toList();
    assertThat(lines).hasSize(96);
    ImageSet test = testSplit();
    int hits = 0;
    for (String line : lines) {
      String[] cells = line.split(",");
      int query = Integer.parseInt(cells[0].substring("test:".length()));
      int top = Integer.parseInt(cells[2].substring("test:".length()));
      assertThat(top).isNotEqualTo(query);
      hits += test.label(query) == test.label(top) ? 1 : 0;
    }
    assertThat(hits / 96.0).isEqualTo(recall1);
  }

  @Test
  void anImageFolderIsEmbeddedAndACorruptImageIsNamedOrSkipped() throws Exception {
    ImageSet test = testSplit();
    Path folder = dir.resolve("folder");
    for (int i = 0; i < 12; i++) {
      Path file = folder.resolve("class-" + test.label(i)).resolve("item-" + i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(RetrievalPicture.image(test, i), "png", file.toFile());
    }
    Path corrupt = folder.resolve("class-" + test.label(0)).resolve("broken.png");
    Files.write(corrupt, new byte[] {1, 2, 3, 4});
    Path npy = dir.resolve("folder.npy");
    CliRun failing = embed(dir.resolve("model"), folder, npy);
    assertThat(failing.exit()).isEqualTo(2);
    assertThat(failing.err()).contains("broken.png").contains("--skip-bad-images").hasLineCount(1);
    CliRun skipping = embed(dir.resolve("model"), folder, npy, "--skip-bad-images");
    assertThat(skipping.exit()).as(skipping.err()).isZero();
    assertThat(skipping.out()).contains("skipped 1 of 13 images").contains("Embedded 12 images");
    assertThat(Files.readAllLines(dir.resolve("folder.ids.txt")))
        .hasSize(12)
        .allMatch(id -> id.startsWith("class-"));
    assertThat(dir.resolve("folder.labels.npy")).isNotEmptyFile();

    CliRun json =
        CliRun.of(
            "search",
            "--gallery",
            npy.toString(),
            "--queries",
            npy.toString(),
            "--k",
            "3",
            "--json");
    assertThat(json.exit()).as(json.err()).isZero();
    JsonNode first = JSON.readTree(json.out()).get(0);
    assertThat(first.at("/results/0/id").asText()).isEqualTo(first.get("query").asText());
    assertThat(first.at("/results/0/score").asDouble())
        .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-6));
  }

  /** The run's test split. */
  private static ImageSet testSplit() {
    return RunData.open(TrainingConfig.fromMap(RUN)).query();
  }

  /** {@code rankkit embed --model MODEL --data FOLDER more... --out NPY}. */
  private static CliRun embed(Path model, Path folder, Path npy, String... more) {
    List<String> args =
        new ArrayList<>(List.of("embed", "--model", model.toString(), "--data", folder.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--out", npy.toString()));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void userErrorsAreOneLineWithExitTwo() {
    CliRun notARun =
        CliRun.of(
            "export",
            "--run",
            dir.resolve("nowhere").toString(),
            "--out",
            dir.resolve("m2").toString());
    assertThat(notARun.exit()).isEqualTo(2);
    assertThat(notARun.err()).contains("does not exist").hasLineCount(1);
    CliRun notAModel = embed(dir.resolve("run"), dir, dir.resolve("x.npy"));
    assertThat(notAModel.exit()).isEqualTo(2);
    assertThat(notAModel.err()).contains("is not a RankKit model directory").hasLineCount(1);
    CliRun noIds =
        CliRun.of("search", "--gallery", dir.resolve("model").resolve("model.json").toString());
    assertThat(noIds.exit()).isEqualTo(2);
    assertThat(noIds.err()).hasLineCount(1);
  }
}

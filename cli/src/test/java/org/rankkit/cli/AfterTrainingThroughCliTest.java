package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Glyphs;
import org.rankkit.data.ImageSet;
import org.rankkit.testkit.InstalledData;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.outputs.RetrievalPicture;
import org.rankkit.trainer.run.RunData;

/**
 * After training, through the CLI on glyphs (not Fashion-MNIST): {@code train} writes
 * retrieval.png; {@code export}, {@code embed} of the test split and {@code eval} of those
 * embeddings give exactly the run's Recall@1; {@code search}'s top-1 is eval's ranking's top-1;
 * {@code embed --data} of an image folder names or skips a corrupt image.
 */
class AfterTrainingThroughCliTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FACES =
      List.of("ipa-gothic", "ipa-mincho", "noto-sans-cjk", "noto-serif-cjk");
  private static final String FACE_KEY = "glyphFonts=" + String.join(",", FACES);

  @TempDir static Path dir;
  @TempDir static Path cache;

  @BeforeAll
  static void trainAndExport() {
    System.setProperty("rankkit.cache", cache.toString()); // a glyph cache of this test's own
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> FACES.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream()
            .map(f -> Path.of(DataOptions.GLYPHS_DEFAULT_DIR).resolve(f.file()))
            .toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
    CliRun train =
        CliRun.of(
            "train",
            "--loss",
            "recall-at-k",
            "--dataset",
            "glyphs",
            "--set",
            FACE_KEY,
            "--set",
            "glyphClasses=24",
            "--set",
            "imageSize=16",
            "--set",
            "cnnWidth=16",
            "--set",
            "dim=64",
            "--epochs",
            "2",
            "--batch",
            "32",
            "--set",
            "loaderThreads=1",
            "--set",
            "evalKs=1,2",
            "--set",
            "evalBatch=40",
            "--out",
            dir.resolve("run").toString());
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
    Map<String, Object> settings =
        new HashMap<>(
            Map.of(
                "dataset",
                "glyphs",
                "glyphFonts",
                FACES,
                "glyphClasses",
                24,
                "imageSize",
                16,
                "loss",
                "recall-at-k"));
    ImageSet test = RunData.open(TrainingConfig.fromMap(settings)).query();
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
    Map<String, Object> settings =
        new HashMap<>(
            Map.of(
                "dataset",
                "glyphs",
                "glyphFonts",
                FACES,
                "glyphClasses",
                24,
                "imageSize",
                16,
                "loss",
                "recall-at-k"));
    ImageSet test = RunData.open(TrainingConfig.fromMap(settings)).query();
    Path folder = dir.resolve("folder");
    for (int i = 0; i < 12; i++) {
      Path file = folder.resolve("class-" + test.label(i)).resolve("item-" + i + ".png");
      Files.createDirectories(file.getParent());
      ImageIO.write(RetrievalPicture.image(test, i), "png", file.toFile());
    }
    Path corrupt = folder.resolve("class-" + test.label(0)).resolve("broken.png");
    Files.write(corrupt, new byte[] {1, 2, 3, 4});
    Path npy = dir.resolve("folder.npy");
    CliRun failing =
        CliRun.of(
            "embed",
            "--model",
            dir.resolve("model").toString(),
            "--data",
            folder.toString(),
            "--out",
            npy.toString());
    assertThat(failing.exit()).isEqualTo(2);
    assertThat(failing.err()).contains("broken.png").contains("--skip-bad-images").hasLineCount(1);
    CliRun skipping =
        CliRun.of(
            "embed",
            "--model",
            dir.resolve("model").toString(),
            "--data",
            folder.toString(),
            "--skip-bad-images",
            "--out",
            npy.toString());
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
    CliRun notAModel =
        CliRun.of(
            "embed",
            "--model",
            dir.resolve("run").toString(),
            "--data",
            dir.toString(),
            "--out",
            dir.resolve("x.npy").toString());
    assertThat(notAModel.exit()).isEqualTo(2);
    assertThat(notAModel.err()).contains("is not a RankKit model directory").hasLineCount(1);
    CliRun noIds =
        CliRun.of("search", "--gallery", dir.resolve("model").resolve("model.json").toString());
    assertThat(noIds.exit()).isEqualTo(2);
    assertThat(noIds.err()).hasLineCount(1);
  }
}

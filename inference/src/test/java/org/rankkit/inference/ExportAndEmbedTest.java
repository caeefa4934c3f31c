package org.rankkit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.ImageSet;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.ExactIndex;
import org.rankkit.eval.RetrievalEvaluator;
import org.rankkit.eval.io.Matrix;
import org.rankkit.trainer.TrainingResult;
import org.rankkit.trainer.outputs.RetrievalPicture;
import org.rankkit.trainer.run.RunData;
import org.rankkit.trainer.tiny.TinyGlyphs;

/**
 * A tiny glyphs run exported and loaded again: the embedder reproduces the run's evaluation (the
 * same Recall@1), embeds images from several threads, and bad model directories fail clearly.
 */
class ExportAndEmbedTest {

  @TempDir static Path dir;
  private static TrainingResult result;

  @BeforeAll
  static void train() throws Exception {
    TinyGlyphs.requireFonts();
    result = TinyGlyphs.trainRecall(dir.resolve("run"), Map.of());
  }

  @Test
  void theExportedModelReproducesTheRunsEvaluation() throws Exception {
    Path model = dir.resolve("model");
    ModelInfo info = ModelExport.export(dir.resolve("run"), "best", model, null);
    assertThat(info.embeddingSize()).isEqualTo(64);
    assertThat(info.input().channels()).isEqualTo(1);
    assertThat(info.input().imageSize()).isEqualTo(16);
    assertThat(Files.readString(model.resolve("model.json")))
        .contains(
            "\"backbone\" : \"small-cnn\"",
            "\"rankkitVersion\" : \"0.1.0-SNAPSHOT\"",
            "\"mean\"",
            "\"config\"");
    assertThat(dir.resolve("run").resolve(RetrievalPicture.FILE)).isNotEmptyFile();

    ImageSet test = RunData.open(TinyGlyphs.recallConfig(Map.of())).query();
    try (Embedder embedder = RankKitModels.embedder(model, Device.cpu())) {
      float[] inputs =
          test.loadFloats(java.util.stream.IntStream.range(0, test.size()).toArray(), false, null);
      float[][] rows = embedder.embedInputs(inputs, test.size(), 32);
      Matrix m = ExactIndex.matrix("test", rows);
      try (NDManager manager = NDManager.newBaseManager()) {
        double r1 =
            new RetrievalEvaluator()
                .leaveOneOut(
                    m.toNDArray(manager),
                    test.labels(),
                    EvalConfig.defaults().withKs(List.of(1, 2)))
                .metrics()
                .get("recall@1");
        assertThat(r1).isEqualTo(result.finalMetric("recall@1"));
      }
      // the picture's image of an item, embedded as a BufferedImage, gives the item's embedding
      BufferedImage picture = RetrievalPicture.image(test, 5);
      assertThat(embedder.embed(picture)).containsExactly(rows[5], within(1e-5f));
      // thread-safe: four threads embed at once and agree with the batch
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> futures = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          int item = i;
          futures.add(pool.submit(() -> embedder.embed(RetrievalPicture.image(test, item))));
        }
        for (int i = 0; i < 16; i++) {
          assertThat(futures.get(i).get()).containsExactly(rows[i], within(1e-5f));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void badDirectoriesFailWithOneLine() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> Embedder.load(empty, Device.cpu()))
        .hasMessageContaining("is not a RankKit model directory (no model.json");
    assertThatThrownBy(() -> Embedder.load(dir.resolve("nowhere"), Device.cpu()))
        .hasMessageContaining("does not exist");
    Path model = dir.resolve("broken");
    ModelExport.export(dir.resolve("run"), "last", model, null);
    Files.delete(model.resolve(ModelInfo.WEIGHTS));
    assertThatThrownBy(() -> Embedder.load(model, Device.cpu()))
        .hasMessageContaining("weights.params is missing");
    Files.write(model.resolve(ModelInfo.WEIGHTS), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> Embedder.load(model, Device.cpu()))
        .hasMessageContaining("does not fit the network that model.json describes");
    Files.writeString(model.resolve(ModelInfo.FILE), "{\"format\": \"other\"}");
    assertThatThrownBy(() -> Embedder.load(model, Device.cpu()))
        .hasMessageContaining("is not a RankKit model file");
    assertThatThrownBy(() -> ModelExport.export(empty, "best", dir.resolve("x"), null))
        .hasMessageContaining("is not a rankkit train run directory");
    assertThatThrownBy(
            () -> ModelExport.export(dir.resolve("run"), "final", dir.resolve("x"), null))
        .hasMessageContaining("--checkpoint must be best or last");
    assertThatThrownBy(
            () -> ModelExport.export(dir.resolve("run"), "best", dir.resolve("run"), null))
        .hasMessageContaining("is not empty");
  }
}

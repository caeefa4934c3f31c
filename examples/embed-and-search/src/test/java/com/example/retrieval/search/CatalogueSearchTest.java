package com.example.retrieval.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.inference.Embedder;
import org.rankkit.inference.ModelExport;
import org.rankkit.inference.RankKitModels;
import org.rankkit.trainer.TrainingListener;
import org.rankkit.trainer.TrainingRun;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * The example end to end. Setup (what a team gets from its training job): a few seconds of
 * training on a generated image folder, exported with {@code ModelExport} as {@code rankkit
 * export} does. The example itself trains nothing: it loads the model, embeds a folder, searches.
 */
class CatalogueSearchTest {

  private static final Color[] COLOURS = {Color.RED, Color.BLUE, Color.GREEN.darker(), Color.ORANGE, Color.MAGENTA, Color.BLACK};

  @TempDir static Path dir;

  /** Six classes (colour and shape) of eight noisy 40-pixel images each. */
  static Path images(Path root, long seed) throws Exception {
    Random random = new Random(seed);
    for (int c = 0; c < COLOURS.length; c++) {
      Path classDir = Files.createDirectories(root.resolve("class-" + c));
      for (int i = 0; i < 8; i++) {
        BufferedImage image = new BufferedImage(40, 40, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(200 + random.nextInt(56), 200 + random.nextInt(56), 200 + random.nextInt(56)));
        g.fillRect(0, 0, 40, 40);
        g.setColor(COLOURS[c]);
        int x = 4 + random.nextInt(10);
        int y = 4 + random.nextInt(10);
        if (c % 2 == 0) {
          g.fillOval(x, y, 22, 22);
        } else {
          g.fillRect(x, y, 20, 20);
        }
        g.dispose();
        ImageIO.write(image, "png", root.resolve("class-" + c).resolve("item-" + i + ".png").toFile());
      }
    }
    return root;
  }

  @BeforeAll
  static void exportAModel() throws Exception {
    Path data = images(dir.resolve("train-images"), 1);
    TrainingConfig config = TrainingConfig.fromMap(Map.of("loss", "recall-at-k", "dataset", "folder", "data", data.toString(),
        "imageSize", 32, "cnnWidth", 16, "dim", 64, "epochs", 1, "batch", 24, "loaderThreads", 1, "evalKs", java.util.List.of(1, 2)));
    TrainingRun.run(config, PluginRegistry.discover(), dir.resolve("run"), TrainingListener.NONE);
    ModelExport.export(dir.resolve("run"), "last", dir.resolve("model"), null);
  }

  @Test
  void embedsAFolderAndFindsEachImagesNeighbours() throws Exception {
    Path catalogue = images(dir.resolve("catalogue"), 2);
    CatalogueSearch.Catalogue result = CatalogueSearch.search(dir.resolve("model"), catalogue, 3);
    assertThat(result.ids()).hasSize(48).startsWith("class-0/item-0.png");
    assertThat(result.hits()).hasSize(48).allSatisfy(h -> assertThat(h.ids()).hasSize(3));
    for (int i = 0; i < 48; i++) {
      // leave-one-out: an image never finds itself, and results are best first
      assertThat(result.hits().get(i).ids()).doesNotContain(result.ids().get(i));
      double[] scores = result.hits().get(i).scores();
      assertThat(scores[0]).isGreaterThanOrEqualTo(scores[1]);
    }
    // the folder's embeddings are the embedder's, image by image
    try (Embedder embedder = RankKitModels.embedder(dir.resolve("model"))) {
      assertThat(embedder.embed(catalogue.resolve("class-3/item-5.png")))
          .containsExactly(result.embeddings()[3 * 8 + 5], within(1e-5f));
    }
  }
}

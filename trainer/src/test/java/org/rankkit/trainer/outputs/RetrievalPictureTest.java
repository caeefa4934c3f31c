package org.rankkit.trainer.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.ImageSet;
import org.rankkit.data.Normalisation;
import org.rankkit.eval.io.Matrix;

/** The picture's queries, frames and pixels on a synthetic split whose ranking is known. */
class RetrievalPictureTest {

  /** 40 items, 4 classes; item i is a flat grey image of brightness i/40. */
  private static final class Flat implements ImageSet {
    @Override
    public int size() {
      return 40;
    }

    @Override
    public long label(int index) {
      return index % 4;
    }

    @Override
    public Normalisation normalisation() {
      return new Normalisation(new float[] {0.5f}, new float[] {0.25f});
    }

    @Override
    public Shape itemShape() {
      return new Shape(1, 8, 8);
    }

    @Override
    public void loadInto(
        int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
      for (int i = 0; i < 64; i++) {
        dest[offset + i] = (index / 40f - 0.5f) / 0.25f;
      }
    }
  }

  @Test
  void queriesAreFixedAndFramesFollowTheLabels(@TempDir Path dir) throws Exception {
    assertThat(RetrievalPicture.queries(40))
        .containsExactly(RetrievalPicture.queries(40))
        .hasSize(12);
    assertThat(RetrievalPicture.queries(5)).containsExactly(0, 1, 2, 3, 4);
    // embeddings: class c points along axis c, so every query's top 8 (of 9 others of its class)
    // share its label; one odd item (index 1, class 1) points along axis 0 like class 0
    float[] rows = new float[40 * 4];
    for (int i = 0; i < 40; i++) {
      rows[i * 4 + (i % 4)] = 1 + i * 1e-3f;
    }
    Matrix m = new Matrix("e", 40, 4, rows, null);
    Path png = dir.resolve("retrieval.png");
    ImageSet set = new Flat();
    RetrievalPicture.write(png, set, null, m, null);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getHeight()).isGreaterThan(12 * 64);
    int cell = 64 + 8;
    int firstResultX = cell + 18;
    int y = 22 + 1; // the frame of the first row
    for (int r = 0; r < 8; r++) {
      assertThat(image.getRGB(firstResultX + r * (cell + 6) + 1, y) & 0xFFFFFF)
          .isEqualTo(RetrievalPicture.SAME.getRGB() & 0xFFFFFF);
    }
    // the query tile shows the item's pixels with the normalisation undone
    int query = RetrievalPicture.queries(40)[0];
    int grey = image.getRGB(6 + 4 + 10, 22 + 4 + 10) & 0xFF;
    assertThat(grey).isEqualTo(Math.round(query / 40f * 255f));

    // all other-label results: red frames
    float[] mixed = new float[40 * 2];
    for (int i = 0; i < 40; i++) {
      mixed[i * 2] = 1;
      mixed[i * 2 + 1] = i % 4 == 0 ? 0 : 1e-3f * i;
    }
    RetrievalPicture.write(png, set, null, new Matrix("e", 40, 2, mixed, null), null);
    image = ImageIO.read(png.toFile());
    int reds = 0;
    for (int r = 0; r < 8; r++) {
      reds +=
          (image.getRGB(firstResultX + r * (cell + 6) + 1, y) & 0xFFFFFF)
                  == (RetrievalPicture.OTHER.getRGB() & 0xFFFFFF)
              ? 1
              : 0;
    }
    assertThat(reds).isPositive();
  }
}

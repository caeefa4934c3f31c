package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

  @TempDir Path dir;

  private DataOptions fixture(int train, int test) throws IOException {
    IdxFixtures.writeFashionMnist(dir, train, test);
    return DataOptions.defaults().withDataDir(dir);
  }

  @Test
  void closedProtocolTrainsOnTrainAndEvaluatesLeaveOneOutOnTest() throws IOException {
    RetrievalSplits splits = Datasets.open(fixture(30, 20));
    assertThat(splits.name()).isEqualTo("fashion-mnist");
    assertThat(splits.train().size()).isEqualTo(30);
    assertThat(splits.query().size()).isEqualTo(20);
    assertThat(splits.gallery()).isNull();
    assertThat(splits.leaveOneOut()).isTrue();
    assertThat(splits.train().labels()).startsWith(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0);
    assertThat(splits.query().label(13)).isEqualTo(3);
    assertThat(splits.train().itemShape()).isEqualTo(new Shape(1, 28, 28));
    assertThat(splits.description()).contains("closed");
  }

  @Test
  void openProtocolSplitsClasses() throws IOException {
    RetrievalSplits splits = Datasets.open(fixture(30, 20).withProtocol("open"));
    assertThat(splits.train().size()).isEqualTo(15);
    assertThat(splits.train().labels()).containsOnly(0, 1, 2, 3, 4);
    assertThat(splits.query().size()).isEqualTo(10);
    assertThat(splits.query().labels()).containsOnly(5, 6, 7, 8, 9);
    assertThat(splits.gallery()).isNull();
    // the first open-protocol query is test image 5 (label 5): check its pixels come from there
    float[] item = splits.query().loadFloats(new int[] {0}, false, null);
    assertThat(item[0]).isCloseTo(normalised(IdxFixtures.pixel(5, 0, 0)), within(1e-6f));
  }

  @Test
  void evaluationTransformScalesAndNormalises() throws IOException {
    ImageSet test = Datasets.open(fixture(10, 12)).query();
    float[] data = test.loadFloats(new int[] {11, 2}, false, null);
    assertThat(data).hasSize(2 * 784);
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        assertThat(data[y * 28 + x])
            .isCloseTo(normalised(IdxFixtures.pixel(11, y, x)), within(1e-6f));
        assertThat(data[784 + y * 28 + x])
            .isCloseTo(normalised(IdxFixtures.pixel(2, y, x)), within(1e-6f));
      }
    }
  }

  @Test
  void augmentationIsAPaddedShiftWithOptionalFlipAndReproducible() throws IOException {
    ImageSet train = Datasets.open(fixture(10, 10)).train();
    boolean[] flipsSeen = new boolean[2];
    SplittableRandom random = new SplittableRandom(7);
    for (int trial = 0; trial < 40; trial++) {
      float[] augmented = train.loadFloats(new int[] {3}, true, random);
      int match = matchingShift(augmented, 3);
      assertThat(match)
          .as("augmented image is one padded shift (+flip) of the source")
          .isNotNegative();
      flipsSeen[match % 2] = true;
    }
    assertThat(flipsSeen).containsOnly(true);

    float[] a = train.loadFloats(new int[] {1, 2, 3}, true, new SplittableRandom(42));
    float[] b = train.loadFloats(new int[] {1, 2, 3}, true, new SplittableRandom(42));
    assertThat(a).containsExactly(b);
  }

  /** Returns 2·shiftIndex + flip of the candidate equal to {@code augmented}, or -1. */
  private static int matchingShift(float[] augmented, int image) {
    float background = normalised(0);
    int candidate = 0;
    for (int dy = -2; dy <= 2; dy++) {
      for (int dx = -2; dx <= 2; dx++) {
        for (int flip = 0; flip < 2; flip++, candidate++) {
          float[] expected = new float[784];
          for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
              int sy = y + dy;
              int sx = x + dx;
              int tx = flip == 1 ? 27 - x : x;
              boolean inside = sy >= 0 && sy < 28 && sx >= 0 && sx < 28;
              expected[y * 28 + tx] =
                  inside ? normalised(IdxFixtures.pixel(image, sy, sx)) : background;
            }
          }
          if (Arrays.equals(expected, augmented)) {
            return 2 * (candidate / 2) + flip;
          }
        }
      }
    }
    return -1;
  }

  @Test
  void resizesToTheRequestedImageSizeAndCapsItems() throws IOException {
    RetrievalSplits splits =
        Datasets.open(fixture(20, 20).withImageSize(56).withMaxItemsPerSplit(7));
    assertThat(splits.train().size()).isEqualTo(7);
    assertThat(splits.query().size()).isEqualTo(7);
    assertThat(splits.query().itemShape()).isEqualTo(new Shape(1, 56, 56));
    float[] data = splits.query().loadFloats(new int[] {0, 6}, true, new SplittableRandom(1));
    assertThat(data).hasSize(2 * 56 * 56);
  }

  @Test
  void loadsAnNdArrayBatch() throws IOException {
    ImageSet test = Datasets.open(fixture(10, 10)).query();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray batch = test.load(manager, new int[] {4, 5, 6}, false, new SplittableRandom(3));
      assertThat(batch.getShape()).isEqualTo(new Shape(3, 1, 28, 28));
      assertThat(batch.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(batch.toFloatArray())
          .containsExactly(test.loadFloats(new int[] {4, 5, 6}, false, null));
    }
  }

  @Test
  void missingDirectorySaysHowToInstall() {
    DataOptions options = DataOptions.defaults().withDataDir(dir.resolve("nowhere"));
    assertThatThrownBy(() -> Datasets.open(options))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining("apt-get install dataset-fashion-mnist")
        .hasMessageContaining("--data DIR");
  }

  @Test
  void mismatchedCountsAreReported() throws IOException {
    fixture(10, 10);
    IdxFixtures.writeLabels(dir.resolve("t10k-labels-idx1-ubyte.gz"), new long[] {1, 2, 3});
    assertThatThrownBy(() -> Datasets.open(DataOptions.defaults().withDataDir(dir)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("holds 10 images but")
        .hasMessageContaining("3 labels");
  }

  @org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
  @Test
  void installedDatasetHasItsPublishedSizesAndStatistics() {
    Path real = Path.of(DataOptions.FASHION_MNIST_DEFAULT_DIR);
    org.rankkit.testkit.InstalledData.require(
        "Fashion-MNIST", java.util.List.of(real), java.util.List.of("dataset-fashion-mnist"));
    RetrievalSplits closed = Datasets.open(DataOptions.defaults());
    assertThat(closed.train().size()).isEqualTo(60000);
    assertThat(closed.query().size()).isEqualTo(10000);
    RetrievalSplits open = Datasets.open(DataOptions.defaults().withProtocol("open"));
    assertThat(open.train().size()).isEqualTo(30000);
    assertThat(open.query().size()).isEqualTo(5000);

    // the normalisation constants are the training split's statistics
    int n = closed.train().size();
    int[] all = new int[n];
    Arrays.setAll(all, i -> i);
    float[] data = closed.train().loadFloats(all, false, null);
    double sum = 0;
    double sumSq = 0;
    for (float v : data) {
      sum += v;
      sumSq += (double) v * v;
    }
    double mean = sum / data.length;
    double std = Math.sqrt(sumSq / data.length - mean * mean);
    assertThat(mean).isCloseTo(0.0, within(2e-3));
    assertThat(std).isCloseTo(1.0, within(2e-3));
  }

  private static float normalised(int pixel) {
    return (pixel / 255f - FashionMnist.MEAN) / FashionMnist.STD;
  }
}

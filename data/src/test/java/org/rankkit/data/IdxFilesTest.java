package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFilesTest {

  @TempDir Path dir;

  @Test
  void readsGzippedAndPlainFiles() throws IOException {
    byte[] pixels = {0, 1, 2, 3, 4, 5, (byte) 200, (byte) 255, 9, 10, 11, 12};
    IdxFixtures.writeImages(dir.resolve("a-images.gz"), 2, 2, 3, pixels);
    IdxFixtures.writeImages(dir.resolve("a-images"), 2, 2, 3, pixels);
    IdxFixtures.writeLabels(dir.resolve("a-labels.gz"), new long[] {7, 255});

    for (String name : new String[] {"a-images.gz", "a-images"}) {
      IdxFiles.Images images = IdxFiles.readImages(dir.resolve(name));
      assertThat(images.count()).isEqualTo(2);
      assertThat(images.rows()).isEqualTo(2);
      assertThat(images.cols()).isEqualTo(3);
      assertThat(images.pixels()).containsExactly(pixels);
    }
    assertThat(IdxFiles.readLabels(dir.resolve("a-labels.gz"))).containsExactly(7, 255);
  }

  @Test
  void rejectsWrongMagicAndTruncatedData() throws IOException {
    IdxFixtures.writeLabels(dir.resolve("labels"), new long[] {1, 2});
    assertThatThrownBy(() -> IdxFiles.readImages(dir.resolve("labels")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("not an IDX unsigned-byte file with 3 dimension(s)");

    IdxFixtures.writeImages(dir.resolve("short"), 2, 2, 2, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> IdxFiles.readImages(dir.resolve("short")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
  }

  @org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
  @Test
  void readsTheInstalledFashionMnistCounts() throws IOException {
    Path real = Path.of(DataOptions.FASHION_MNIST_DEFAULT_DIR);
    org.rankkit.testkit.InstalledData.require(
        "Fashion-MNIST", java.util.List.of(real), java.util.List.of("dataset-fashion-mnist"));
    long[] train = IdxFiles.readLabels(real.resolve("train-labels-idx1-ubyte.gz"));
    long[] test = IdxFiles.readLabels(real.resolve("t10k-labels-idx1-ubyte.gz"));
    assertThat(train).hasSize(60000);
    assertThat(test).hasSize(10000);
    IdxFiles.Images images = IdxFiles.readImages(real.resolve("t10k-images-idx3-ubyte.gz"));
    assertThat(images.count()).isEqualTo(10000);
    assertThat(images.rows()).isEqualTo(28);
    assertThat(images.cols()).isEqualTo(28);
    long[] perClass = new long[10];
    for (long label : test) {
      perClass[(int) label]++;
    }
    assertThat(perClass).containsOnly(1000);
  }
}

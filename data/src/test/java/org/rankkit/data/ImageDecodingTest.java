package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecodingTest {

  @TempDir Path dir;

  @Test
  void readsPngAndJpegAsRgb() throws IOException {
    Path png = ImageFixtures.image(dir.resolve("a.png"), 0x10A0F0);
    BufferedImage rgb = ImageDecoding.readRgb(png);
    assertThat(rgb.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    assertThat(rgb.getWidth()).isEqualTo(12);
    assertThat(rgb.getHeight()).isEqualTo(10);
    assertThat(rgb.getRGB(3, 4) & 0xFFFFFF).isEqualTo(0x10A0F0);

    Path jpg = ImageFixtures.image(dir.resolve("b.jpg"), 0x808080);
    int pixel = ImageDecoding.readRgb(jpg).getRGB(5, 5);
    for (int shift : new int[] {16, 8, 0}) {
      assertThat((pixel >> shift) & 0xFF).isBetween(124, 132); // JPEG is lossy
    }
  }

  @Test
  void greyscaleKeepsItsValuesInAllThreeChannels() throws IOException {
    BufferedImage grey = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(1, 1, 0, 77);
    grey.getRaster().setSample(2, 1, 0, 200);
    Path file = ImageFixtures.write(dir.resolve("grey.png"), grey);
    BufferedImage rgb = ImageDecoding.readRgb(file);
    assertThat(rgb.getRGB(1, 1) & 0xFFFFFF).isEqualTo(0x4D4D4D);
    assertThat(rgb.getRGB(2, 1) & 0xFFFFFF).isEqualTo(0xC8C8C8);
    assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0);
  }

  @Test
  void transparencyIsCompositedOntoWhite() throws IOException {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00FF0000); // fully transparent red
    argb.setRGB(1, 0, 0xFFFF0000); // opaque red
    argb.setRGB(2, 0, 0x800000FF); // half-transparent blue
    BufferedImage rgb = ImageDecoding.readRgb(ImageFixtures.write(dir.resolve("t.png"), argb));
    assertThat(rgb.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(rgb.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
    int blue = rgb.getRGB(2, 0);
    assertThat((blue >> 16) & 0xFF).isBetween(125, 129);
    assertThat(blue & 0xFF).isEqualTo(255);

    ComponentColorModel greyAlpha =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY),
            true,
            false,
            Transparency.TRANSLUCENT,
            DataBuffer.TYPE_BYTE);
    WritableRaster raster = greyAlpha.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {0, 0}); // transparent black -> white
    raster.setPixel(1, 0, new int[] {100, 255}); // opaque grey 100
    BufferedImage ga = new BufferedImage(greyAlpha, raster, false, null);
    BufferedImage rgb2 = ImageDecoding.readRgb(ImageFixtures.write(dir.resolve("ga.png"), ga));
    assertThat(rgb2.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    assertThat(rgb2.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x646464);
  }

  @Test
  void missingOrCorruptFilesNameTheFile() throws IOException {
    Path missing = dir.resolve("missing.jpg");
    assertThatThrownBy(() -> ImageDecoding.readRgb(missing))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("file not found");
    Path garbage = ImageFixtures.garbage(dir.resolve("garbage.jpg"));
    assertThatThrownBy(() -> ImageDecoding.readRgb(garbage))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(garbage.toString())
        .satisfies(e -> assertThat(((BadImageException) e).file()).isEqualTo(garbage));
    Path truncated = ImageFixtures.truncatedPng(dir.resolve("cut.png"));
    assertThatThrownBy(() -> ImageDecoding.readRgb(truncated))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining(truncated.toString());

    assertThat(ImageDecoding.probe(missing)).isFalse();
    assertThat(ImageDecoding.probe(garbage)).isFalse();
    assertThat(ImageDecoding.probe(truncated)).as("header is intact").isTrue();
    assertThat(ImageDecoding.probe(ImageFixtures.image(dir.resolve("ok.png"), 0))).isTrue();
  }
}

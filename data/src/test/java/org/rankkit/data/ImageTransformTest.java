package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageTransformTest {

  private static float norm(int value, int channel) {
    return (value / 255f - ImageTransform.IMAGENET_MEAN[channel])
        / ImageTransform.IMAGENET_STD[channel];
  }

  @Test
  void solidImageGivesItsNormalisedColourEverywhere() {
    BufferedImage image = ImageFixtures.solid(50, 37, 0x204060);
    ImageTransform transform = new ImageTransform(16);
    SplittableRandom random = new SplittableRandom(5);
    for (boolean augment : new boolean[] {false, true, true, true}) {
      float[] out = new float[3 * 256 + 7];
      transform.apply(image, augment, random, out, 7);
      for (int i = 0; i < 256; i++) {
        assertThat(out[7 + i]).isCloseTo(norm(0x20, 0), within(1e-5f));
        assertThat(out[7 + 256 + i]).isCloseTo(norm(0x40, 1), within(1e-5f));
        assertThat(out[7 + 512 + i]).isCloseTo(norm(0x60, 2), within(1e-5f));
      }
    }
  }

  @Test
  void evaluationResizesTheShorterSideThenCropsTheCentre() {
    ImageTransform transform = new ImageTransform(224);
    double[] crop = transform.centreCrop(512, 256);
    // shorter side 256 -> 256, so the crop is the central 224x224 of the original
    assertThat(crop).containsExactly(new double[] {144, 16, 224, 224}, within(1e-9));
    double[] crop2 = transform.centreCrop(100, 400);
    double side = 224 * 100 / 256.0;
    assertThat(crop2)
        .containsExactly(
            new double[] {(100 - side) / 2, (400 - side) / 2, side, side}, within(1e-9));
  }

  @Test
  void evaluationKeepsLeftAndRight() {
    BufferedImage image = ImageFixtures.blackLeftWhiteRight(64, 64);
    float[] out = new float[3 * 16 * 16];
    new ImageTransform(16).apply(image, false, null, out, 0);
    assertThat(out[5 * 16 + 1]).isCloseTo(norm(0, 0), within(1e-5f));
    assertThat(out[5 * 16 + 14]).isCloseTo(norm(255, 0), within(1e-5f));
  }

  @Test
  void randomCropsStayInsideWithAllowedAreaAndRatio() {
    ImageTransform transform = new ImageTransform(32);
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 500; trial++) {
      double[] c = transform.randomCrop(300, 200, random);
      assertThat(c[0]).isGreaterThanOrEqualTo(0);
      assertThat(c[1]).isGreaterThanOrEqualTo(0);
      assertThat(c[0] + c[2]).isLessThanOrEqualTo(300);
      assertThat(c[1] + c[3]).isLessThanOrEqualTo(200);
      double area = c[2] * c[3] / (300.0 * 200.0);
      assertThat(area).isBetween(0.07, 1.0);
      assertThat(c[2] / c[3]).isBetween(0.7, 1.4);
    }
  }

  @Test
  void flipsHorizontallyAboutHalfTheTime() {
    // so thin that every random crop attempt fails: the fallback is the whole width, so only the
    // flip varies
    BufferedImage image = ImageFixtures.blackLeftWhiteRight(8, 400);
    ImageTransform transform = new ImageTransform(8);
    SplittableRandom random = new SplittableRandom(3);
    int flipped = 0;
    for (int trial = 0; trial < 200; trial++) {
      float[] out = new float[3 * 64];
      transform.apply(image, true, random, out, 0);
      boolean leftWhite = out[3 * 8] > 0;
      boolean rightWhite = out[3 * 8 + 7] > 0;
      assertThat(leftWhite).isNotEqualTo(rightWhite);
      if (leftWhite) {
        flipped++;
      }
    }
    assertThat(flipped).isBetween(70, 130);
  }

  @Test
  void strongDownscalingAveragesInsteadOfAliasing() {
    BufferedImage checker = new BufferedImage(1024, 1024, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 1024; y++) {
      for (int x = 0; x < 1024; x++) {
        checker.setRGB(x, y, ((x + y) % 2 == 0) ? 0xFFFFFF : 0);
      }
    }
    float[] out = new float[3 * 32 * 32];
    new ImageTransform(32).apply(checker, false, null, out, 0);
    float grey = norm(128, 0);
    for (int i = 0; i < 32 * 32; i++) {
      assertThat(out[i]).isCloseTo(grey, within(0.25f)); // ±0.06 in [0,1] units
    }
  }
}

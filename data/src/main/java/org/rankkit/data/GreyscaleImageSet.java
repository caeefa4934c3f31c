package org.rankkit.data;

import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * Small greyscale images held in memory as unsigned bytes (Fashion-MNIST), scaled to [0, 1] and
 * normalised with a fixed mean and standard deviation; shape (1, S, S).
 *
 * <p>Training augmentation (mild, for 28-pixel images): a random crop of the image padded by
 * {@value #PAD} black pixels on every side, then a horizontal flip with probability 1/2; per item
 * it draws {@code nextInt(2·PAD+1)} for y, then x, then {@code nextBoolean()} for the flip.
 * Evaluation: none. When the output size differs from the native size the result is resized
 * bilinearly.
 */
final class GreyscaleImageSet implements ImageSet {

  static final int PAD = 2;

  private final byte[] pixels;
  private final int rows;
  private final int cols;
  private final int[] items;
  private final long[] labels;
  private final int outSize;
  private final float mean;
  private final float std;

  /**
   * @param pixels all images of the source file, row-major unsigned bytes
   * @param items which source images form this set, in order
   * @param labels labels of the source images (indexed like {@code pixels})
   * @param outSize output side (0 = native; must then be square)
   */
  GreyscaleImageSet(
      byte[] pixels,
      int rows,
      int cols,
      int[] items,
      long[] labels,
      int outSize,
      float mean,
      float std) {
    if (outSize == 0 && rows != cols) {
      throw new IllegalArgumentException(
          "native size needs square images, got " + rows + "x" + cols);
    }
    this.pixels = pixels;
    this.rows = rows;
    this.cols = cols;
    this.items = items.clone();
    this.labels = new long[items.length];
    for (int i = 0; i < items.length; i++) {
      this.labels[i] = labels[items[i]];
    }
    this.outSize = outSize == 0 ? rows : outSize;
    this.mean = mean;
    this.std = std;
  }

  @Override
  public int size() {
    return items.length;
  }

  @Override
  public long label(int index) {
    return labels[index];
  }

  @Override
  public Normalisation normalisation() {
    return new Normalisation(new float[] {mean}, new float[] {std});
  }

  @Override
  public Shape itemShape() {
    return new Shape(1, outSize, outSize);
  }

  @Override
  public void loadInto(
      int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
    int base = items[index] * rows * cols;
    float[] image = new float[rows * cols];
    if (augment) {
      int dy = random.nextInt(2 * PAD + 1) - PAD;
      int dx = random.nextInt(2 * PAD + 1) - PAD;
      boolean flip = random.nextBoolean();
      for (int y = 0; y < rows; y++) {
        int sy = y + dy;
        if (sy < 0 || sy >= rows) {
          continue; // padding is black (0)
        }
        for (int x = 0; x < cols; x++) {
          int sx = x + dx;
          if (sx < 0 || sx >= cols) {
            continue;
          }
          int tx = flip ? cols - 1 - x : x;
          image[y * cols + tx] = (pixels[base + sy * cols + sx] & 0xFF) / 255f;
        }
      }
    } else {
      for (int i = 0; i < image.length; i++) {
        image[i] = (pixels[base + i] & 0xFF) / 255f;
      }
    }
    if (outSize != rows || outSize != cols) {
      image = FloatImages.resizeBilinear(image, 1, rows, cols, outSize, outSize);
    }
    for (int i = 0; i < image.length; i++) {
      dest[offset + i] = (image[i] - mean) / std;
    }
  }
}

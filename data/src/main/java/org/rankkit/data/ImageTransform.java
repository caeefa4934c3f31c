package org.rankkit.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.random.RandomGenerator;

/**
 * The standard deep-metric-learning transforms of an RGB image to a normalised (3, S, S) float
 * array, S = {@link #size()}.
 *
 * <ul>
 *   <li>Training: random resized crop (area fraction uniform in [{@value #MIN_AREA}, 1], aspect
 *       ratio log-uniform in [3/4, 4/3], up to 10 tries, else the central crop of the largest
 *       allowed aspect ratio), resized to S×S, then a horizontal flip with probability 1/2. Per
 *       item the generator gives, per try, {@code nextDouble()} for the area, {@code nextDouble()}
 *       for the ratio and (when the crop fits) {@code nextInt} for y then x; then {@code
 *       nextBoolean()} for the flip.
 *   <li>Evaluation: resize so that the shorter side is round(S·256/224), then the central S×S crop.
 * </ul>
 *
 * Resampling is bilinear; strong down-scaling first halves the image repeatedly so that bilinear
 * filtering does not alias. Channels are normalised with the ImageNet mean and standard deviation.
 * Immutable and thread-safe.
 */
public final class ImageTransform {

  /** ImageNet channel means (RGB) of pixels scaled to [0, 1]. */
  public static final float[] IMAGENET_MEAN = {0.485f, 0.456f, 0.406f};

  /** ImageNet channel standard deviations (RGB). */
  public static final float[] IMAGENET_STD = {0.229f, 0.224f, 0.225f};

  /** Smallest area fraction of a random resized crop. */
  public static final double MIN_AREA = 0.08;

  private static final double LOG_MIN_RATIO = Math.log(3.0 / 4.0);
  private static final double LOG_MAX_RATIO = Math.log(4.0 / 3.0);

  private final int size;

  /**
   * Creates the transforms for an output side.
   *
   * @param size the output side S in pixels, ≥ 1
   * @throws IllegalArgumentException if {@code size} is below 1
   */
  public ImageTransform(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    this.size = size;
  }

  /** {@return the output side S in pixels} */
  public int size() {
    return size;
  }

  /**
   * Transforms {@code rgb} (TYPE_INT_RGB) and writes 3·S·S normalised floats, channel-major, to
   * {@code dest} at {@code offset}.
   *
   * @param rgb the decoded image, {@link BufferedImage#TYPE_INT_RGB} (not modified)
   * @param augment true for the training augmentation, false for the evaluation transform
   * @param random source of the augmentation's randomness; unused, and may be null, when {@code
   *     augment} is false
   * @param dest the array to write into; needs 3·S·S floats from {@code offset}
   * @param offset index in {@code dest} of the first float
   */
  public void apply(
      BufferedImage rgb, boolean augment, RandomGenerator random, float[] dest, int offset) {
    int w = rgb.getWidth();
    int h = rgb.getHeight();
    double[] crop = augment ? randomCrop(w, h, random) : centreCrop(w, h);
    boolean flip = augment && random.nextBoolean();
    BufferedImage out = render(rgb, crop[0], crop[1], crop[2], crop[3], flip);
    int[] pixels = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
    int plane = size * size;
    for (int i = 0; i < plane; i++) {
      int p = pixels[i];
      dest[offset + i] = (((p >> 16) & 0xFF) / 255f - IMAGENET_MEAN[0]) / IMAGENET_STD[0];
      dest[offset + plane + i] = (((p >> 8) & 0xFF) / 255f - IMAGENET_MEAN[1]) / IMAGENET_STD[1];
      dest[offset + 2 * plane + i] = ((p & 0xFF) / 255f - IMAGENET_MEAN[2]) / IMAGENET_STD[2];
    }
  }

  /** Returns {x, y, width, height} of the evaluation crop in source pixels. */
  double[] centreCrop(int w, int h) {
    double resized = Math.round(size * 256.0 / 224.0);
    double scale = resized / Math.min(w, h);
    double side = Math.min(size / scale, Math.min(w, h));
    return new double[] {(w - side) / 2, (h - side) / 2, side, side};
  }

  /** Returns {x, y, width, height} of a random resized crop in source pixels. */
  double[] randomCrop(int w, int h, RandomGenerator random) {
    double area = (double) w * h;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * (MIN_AREA + (1 - MIN_AREA) * random.nextDouble());
      double ratio =
          Math.exp(LOG_MIN_RATIO + (LOG_MAX_RATIO - LOG_MIN_RATIO) * random.nextDouble());
      int cw = (int) Math.round(Math.sqrt(target * ratio));
      int ch = (int) Math.round(Math.sqrt(target / ratio));
      if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
        int y = random.nextInt(h - ch + 1);
        int x = random.nextInt(w - cw + 1);
        return new double[] {x, y, cw, ch};
      }
    }
    double ratio = (double) w / h;
    double cw;
    double ch;
    if (ratio < 3.0 / 4.0) {
      cw = w;
      ch = Math.round(w / (3.0 / 4.0));
    } else if (ratio > 4.0 / 3.0) {
      ch = h;
      cw = Math.round(h * (4.0 / 3.0));
    } else {
      cw = w;
      ch = h;
    }
    return new double[] {(w - cw) / 2, (h - ch) / 2, cw, ch};
  }

  /** Draws the source rectangle (x, y, cw, ch) into an S×S image, flipped horizontally if asked. */
  private BufferedImage render(
      BufferedImage src, double x, double y, double cw, double ch, boolean flip) {
    // work on the crop's bounding box (plus a pixel for the filter) only
    int bx = Math.max(0, (int) Math.floor(x) - 1);
    int by = Math.max(0, (int) Math.floor(y) - 1);
    int bw = Math.min(src.getWidth(), (int) Math.ceil(x + cw) + 1) - bx;
    int bh = Math.min(src.getHeight(), (int) Math.ceil(y + ch) + 1) - by;
    if (bw < src.getWidth() || bh < src.getHeight()) {
      src = src.getSubimage(bx, by, bw, bh);
      x -= bx;
      y -= by;
    }
    // halve (with the crop) while the crop is more than twice the output, to avoid aliasing
    while (cw >= 2.0 * size * 2 && ch >= 2.0 * size * 2) {
      int hw = Math.max(1, src.getWidth() / 2);
      int hh = Math.max(1, src.getHeight() / 2);
      double fx = (double) hw / src.getWidth();
      double fy = (double) hh / src.getHeight();
      BufferedImage half = new BufferedImage(hw, hh, BufferedImage.TYPE_INT_RGB);
      draw(half, src, AffineTransform.getScaleInstance(fx, fy));
      src = half;
      x *= fx;
      y *= fy;
      cw *= fx;
      ch *= fy;
    }
    BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    AffineTransform t = new AffineTransform();
    if (flip) {
      t.translate(size, 0);
      t.scale(-1, 1);
    }
    t.scale(size / cw, size / ch);
    t.translate(-x, -y);
    draw(out, src, t);
    return out;
  }

  private static void draw(BufferedImage target, BufferedImage src, AffineTransform transform) {
    Graphics2D g = target.createGraphics();
    try {
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, transform, null);
    } finally {
      g.dispose();
    }
  }
}

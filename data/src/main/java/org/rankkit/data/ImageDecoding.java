package org.rankkit.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes image files (JPEG, PNG and whatever else javax.imageio reads) into 8-bit RGB: greyscale
 * becomes three equal channels, and transparency is composited onto white.
 */
public final class ImageDecoding {

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    ImageIO.setUseCache(false);
  }

  private ImageDecoding() {}

  /**
   * Reads {@code file} as an RGB image ({@link BufferedImage#TYPE_INT_RGB}). Thread-safe.
   *
   * @param file the image file
   * @return the decoded image; greyscale expanded to three channels, transparency on white
   * @throws BadImageException if the file is missing, unreadable or not a decodable image
   */
  public static BufferedImage readRgb(Path file) {
    BufferedImage image;
    try {
      PngChecksums.verify(file);
      image = ImageIO.read(file.toFile());
    } catch (BadImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      if (!Files.exists(file)) {
        throw new BadImageException(file, "file not found", e);
      }
      throw new BadImageException(file, "corrupt or unsupported image (" + e.getMessage() + ")", e);
    }
    if (image == null) {
      if (!Files.exists(file)) {
        throw new BadImageException(
            file, "file not found", new NoSuchFileException(file.toString()));
      }
      throw new BadImageException(file, "not an image format javax.imageio can decode", null);
    }
    return toRgb(image);
  }

  /**
   * Returns true if {@code file} exists and a javax.imageio reader accepts its header (width and
   * height readable). Cheap: the pixel data is not decoded.
   *
   * @param file the image file
   * @return whether the file looks like a decodable image; never throws
   */
  public static boolean probe(Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        return false;
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        return false;
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return reader.getWidth(0) > 0 && reader.getHeight(0) > 0;
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Converts any decoded image to TYPE_INT_RGB, compositing transparent pixels onto white (what
   * {@link #readRgb} does after decoding).
   *
   * @param image any image
   * @return the image itself when it is already TYPE_INT_RGB, else a converted copy
   */
  public static BufferedImage toRgb(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
      return greyToRgb(image);
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /**
   * Greyscale (with or without alpha) to RGB from the raw samples: Java2D would treat the linear
   * grey colour space as gamma 1.0 and brighten the values, so the samples are copied directly.
   */
  private static BufferedImage greyToRgb(BufferedImage image) {
    Raster raster = image.getRaster();
    int w = image.getWidth();
    int h = image.getHeight();
    int bits = image.getColorModel().getComponentSize(0);
    boolean alpha = image.getColorModel().hasAlpha() && raster.getNumBands() > 1;
    int alphaBits = alpha ? image.getColorModel().getComponentSize(1) : 8;
    float greyMax = (1 << bits) - 1;
    float alphaMax = (1 << alphaBits) - 1;
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float v = raster.getSample(x, y, 0) / greyMax;
        if (alpha) {
          float a = raster.getSample(x, y, 1) / alphaMax;
          v = v * a + (1 - a);
        }
        int g = Math.round(v * 255f);
        rgb.setRGB(x, y, (g << 16) | (g << 8) | g);
      }
    }
    return rgb;
  }
}

package org.rankkit.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small test images and list files. */
final class ImageFixtures {

  private ImageFixtures() {}

  /** A w×h RGB image filled with one colour (0xRRGGBB). */
  static BufferedImage solid(int w, int h, int rgb) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, rgb);
      }
    }
    return image;
  }

  /** A w×h RGB image, black in its left half and white in its right half (x ≥ w / 2). */
  static BufferedImage blackLeftWhiteRight(int w, int h) {
    BufferedImage image = solid(w, h, 0x000000);
    for (int y = 0; y < h; y++) {
      for (int x = w / 2; x < w; x++) {
        image.setRGB(x, y, 0xFFFFFF);
      }
    }
    return image;
  }

  /** Writes a small solid image in the format given by the file's extension (png, jpg). */
  static Path image(Path file, int rgb) throws IOException {
    return write(file, solid(12, 10, rgb));
  }

  static Path write(Path file, BufferedImage image) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    if (format.equals("jpeg")) {
      format = "jpg";
    }
    if (!ImageIO.write(image, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
    return file;
  }

  static Path text(Path file, String... lines) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  /** Writes bytes that no image decoder accepts. */
  static Path garbage(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.write(file, "definitely not an image".getBytes(StandardCharsets.UTF_8));
  }

  /** Writes a PNG whose header is intact but whose pixel data is cut off. */
  static Path truncatedPng(Path file) throws IOException {
    write(file, solid(40, 40, 0x123456));
    byte[] bytes = Files.readAllBytes(file);
    return Files.write(file, java.util.Arrays.copyOf(bytes, 45));
  }
}

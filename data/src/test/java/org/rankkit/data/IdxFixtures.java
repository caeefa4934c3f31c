package org.rankkit.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes tiny IDX files (optionally gzipped) for tests. */
final class IdxFixtures {

  private IdxFixtures() {}

  static void writeImages(Path file, int count, int rows, int cols, byte[] pixels)
      throws IOException {
    try (DataOutputStream out = new DataOutputStream(open(file))) {
      out.writeInt(0x00000803);
      out.writeInt(count);
      out.writeInt(rows);
      out.writeInt(cols);
      out.write(pixels);
    }
  }

  static void writeLabels(Path file, long[] labels) throws IOException {
    try (DataOutputStream out = new DataOutputStream(open(file))) {
      out.writeInt(0x00000801);
      out.writeInt(labels.length);
      for (long label : labels) {
        out.writeByte((int) label);
      }
    }
  }

  /** Pixel value of image i at (y, x) used by {@link #writeFashionMnist}. */
  static int pixel(int image, int y, int x) {
    return (image * 31 + y * 7 + x * 3) % 256;
  }

  /**
   * Writes a Fashion-MNIST directory with {@code train} training and {@code test} test images of
   * 28×28; image i has label i % 10 and pixels {@link #pixel}.
   */
  static Path writeFashionMnist(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    write(dir, "train", train);
    write(dir, "t10k", test);
    return dir;
  }

  private static void write(Path dir, String prefix, int count) throws IOException {
    byte[] pixels = new byte[count * 28 * 28];
    long[] labels = new long[count];
    for (int i = 0; i < count; i++) {
      labels[i] = i % 10;
      for (int y = 0; y < 28; y++) {
        for (int x = 0; x < 28; x++) {
          pixels[i * 784 + y * 28 + x] = (byte) pixel(i, y, x);
        }
      }
    }
    writeImages(dir.resolve(prefix + "-images-idx3-ubyte.gz"), count, 28, 28, pixels);
    writeLabels(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
  }

  private static OutputStream open(Path file) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
  }
}

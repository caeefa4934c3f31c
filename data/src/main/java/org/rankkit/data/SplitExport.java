package org.rankkit.data;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a greyscale split as NumPy {@code .npy} files, for tools outside the JVM (the plain
 * PyTorch reference in {@code bench/reference}): the evaluation transform's images back in unsigned
 * bytes, {@code (N, H, W)}, and the labels, {@code (N,)} int64. Applying {@link
 * ImageSet#normalisation()} to {@code bytes / 255} gives exactly what the trainer feeds the model.
 */
public final class SplitExport {

  private SplitExport() {}

  /**
   * Writes one split.
   *
   * @param set a single-channel image set
   * @param images the {@code .npy} file of the images (uint8, (N, H, W)), written atomically
   * @param labels the {@code .npy} file of the labels (int64, (N,)), written atomically
   * @throws IllegalArgumentException when the set has more than one channel
   * @throws IOException when a file cannot be written
   */
  public static void writeGreyscale(ImageSet set, Path images, Path labels) throws IOException {
    long[] shape = set.itemShape().getShape();
    if (shape[0] != 1) {
      throw new IllegalArgumentException(
          "export writes single-channel (greyscale) datasets only; this one has "
              + shape[0]
              + " channels");
    }
    int h = (int) shape[1];
    int w = (int) shape[2];
    Normalisation norm = set.normalisation();
    float mean = norm.mean()[0];
    float std = norm.std()[0];
    int length = h * w;
    float[] item = new float[length];
    byte[] row = new byte[length];
    write(
        images,
        "|u1",
        new long[] {set.size(), h, w},
        out -> {
          for (int i = 0; i < set.size(); i++) {
            set.loadInto(i, false, null, item, 0);
            for (int p = 0; p < length; p++) {
              long v = Math.round((item[p] * std + mean) * 255.0);
              row[p] = (byte) Math.max(0, Math.min(255, v));
            }
            out.write(row);
          }
        });
    write(
        labels,
        "<i8",
        new long[] {set.size()},
        out -> {
          for (int i = 0; i < set.size(); i++) {
            out.writeLong(Long.reverseBytes(set.label(i)));
          }
        });
  }

  private interface Body {
    void write(DataOutputStream out) throws IOException;
  }

  private static void write(Path file, String dtype, long[] shape, Body body) throws IOException {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String dimText =
        shape.length == 1 ? dims.toString().trim() : dims.substring(0, dims.length() - 2);
    String header =
        "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + dimText + "), }";
    int total = 10 + header.length() + 1;
    int pad = (64 - total % 64) % 64;
    header = header + " ".repeat(pad) + "\n";
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 20))) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      byte[] h = header.getBytes(StandardCharsets.US_ASCII);
      out.write(h.length & 0xFF);
      out.write(h.length >>> 8);
      out.write(h);
      body.write(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

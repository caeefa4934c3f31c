package org.rankkit.inference;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes what {@code rankkit embed} produces: {@code FILE.npy} (float32, N × d, C order), {@code
 * FILE.ids.txt} (one id per line) and, where labels exist, {@code FILE.labels.npy} (int64, N); the
 * files {@code rankkit eval} and {@code rankkit search} read.
 */
public final class EmbeddingOutput {

  private EmbeddingOutput() {}

  /**
   * {@return the ids file that belongs to an embeddings file ({@code x.npy} → {@code x.ids.txt})}
   *
   * @param npy the embeddings file
   */
  public static Path idsFile(Path npy) {
    return npy.resolveSibling(stem(npy) + ".ids.txt");
  }

  /**
   * {@return the labels file that belongs to an embeddings file ({@code x.npy} → {@code
   * x.labels.npy})}
   *
   * @param npy the embeddings file
   */
  public static Path labelsFile(Path npy) {
    return npy.resolveSibling(stem(npy) + ".labels.npy");
  }

  private static String stem(Path npy) {
    String name = npy.getFileName().toString();
    return name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
  }

  /**
   * Writes the embeddings, their ids and (when not null) their labels.
   *
   * @param npy the embeddings file ({@code .npy})
   * @param rows one embedding per item
   * @param ids one id per item (no line breaks)
   * @param labels one label per item, or null
   * @throws IOException when writing fails
   */
  public static void write(Path npy, float[][] rows, List<String> ids, long[] labels)
      throws IOException {
    if (!npy.getFileName().toString().endsWith(".npy")) {
      throw new IllegalArgumentException("--out " + npy + ": the embeddings file must end in .npy");
    }
    Path parent = npy.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    int dim = rows.length == 0 ? 0 : rows[0].length;
    ByteBuffer body =
        ByteBuffer.allocate(Math.multiplyExact(rows.length, dim * 4))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (float[] row : rows) {
      for (float v : row) {
        body.putFloat(v);
      }
    }
    npy(npy, "<f4", "(" + rows.length + ", " + dim + ")", body.array());
    Files.write(idsFile(npy), ids, StandardCharsets.UTF_8);
    if (labels != null) {
      ByteBuffer l = ByteBuffer.allocate(labels.length * 8).order(ByteOrder.LITTLE_ENDIAN);
      for (long v : labels) {
        l.putLong(v);
      }
      npy(labelsFile(npy), "<i8", "(" + labels.length + ",)", l.array());
    }
  }

  /**
   * Reads an ids file: one id per line.
   *
   * @param file the file
   * @return the ids
   * @throws IllegalArgumentException when the file is missing
   * @throws IOException when reading fails
   */
  public static List<String> readIds(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("ids file " + file + " does not exist");
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines = lines.subList(0, lines.size() - 1);
    }
    return lines;
  }

  /**
   * NumPy format 1.0: magic, version, header length, a dict header padded to 64 bytes, the data.
   */
  private static void npy(Path file, String descr, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = 10 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(padding) + "\n";
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp)) {
      out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
      out.write(header.length() & 0xFF);
      out.write(header.length() >> 8);
      out.write(header.getBytes(StandardCharsets.US_ASCII));
      out.write(data);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }
}

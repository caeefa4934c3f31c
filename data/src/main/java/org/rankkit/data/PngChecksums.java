package org.rankkit.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;

/**
 * Verifies the CRC-32 of every chunk of a PNG file. javax.imageio ignores them, so a damaged byte
 * in the pixel data would otherwise decode to a different image without a word. Files that do not
 * start with the PNG signature are left to the decoder.
 */
final class PngChecksums {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private PngChecksums() {}

  /**
   * Checks a PNG file's chunk checksums.
   *
   * @param file the image file
   * @throws BadImageException naming the first chunk whose checksum fails, or a truncated chunk
   * @throws IOException when the file cannot be read
   */
  static void verify(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw, 1 << 16))) {
      byte[] head = in.readNBytes(SIGNATURE.length);
      if (!java.util.Arrays.equals(head, SIGNATURE)) {
        return;
      }
      byte[] type = new byte[4];
      while (true) {
        long length;
        try {
          length = in.readInt() & 0xFFFFFFFFL;
        } catch (EOFException e) {
          throw new BadImageException(file, "damaged PNG: it ends without its IEND chunk", null);
        }
        if (length > Integer.MAX_VALUE) {
          throw new BadImageException(
              file, "damaged PNG: a chunk claims " + length + " bytes", null);
        }
        try {
          in.readFully(type);
          CRC32 crc = new CRC32();
          crc.update(type);
          long left = length;
          byte[] buffer = new byte[8192];
          while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
              throw new EOFException();
            }
            crc.update(buffer, 0, n);
            left -= n;
          }
          long stored = in.readInt() & 0xFFFFFFFFL;
          String name = new String(type, StandardCharsets.ISO_8859_1);
          if (stored != crc.getValue()) {
            throw new BadImageException(
                file,
                "damaged PNG: chunk '" + name.replaceAll("[^A-Za-z]", "?") + "' fails its checksum",
                null);
          }
          if (name.equals("IEND")) {
            return;
          }
        } catch (EOFException e) {
          throw new BadImageException(file, "damaged PNG: truncated inside a chunk", null);
        }
      }
    }
  }
}

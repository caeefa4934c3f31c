package org.rankkit.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of (Fashion-)MNIST: a big-endian header (two zero bytes, a type byte —
 * 0x08 for unsigned bytes — and the number of dimensions), one int32 per dimension, then the data.
 * Files ending in {@code .gz} are decompressed on the fly.
 */
public final class IdxFiles {

  private static final int UNSIGNED_BYTE = 0x08;

  private IdxFiles() {}

  /**
   * The images of an {@code idx3-ubyte} file.
   *
   * @param count number of images
   * @param rows rows of one image
   * @param cols columns of one image
   * @param pixels count·rows·cols unsigned bytes, row-major
   */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  /**
   * Reads an {@code idx3-ubyte} images file ({@code .gz} is decompressed on the fly).
   *
   * @param file the images file
   * @return the images with their count and size
   * @throws IOException if the file cannot be read, is not an unsigned-byte IDX file with three
   *     dimensions, is truncated or is too large for one array
   */
  public static Images readImages(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file, 3);
      long total;
      try {
        total = Math.multiplyExact(Math.multiplyExact((long) dims[0], dims[1]), (long) dims[2]);
      } catch (ArithmeticException e) {
        total = Long.MAX_VALUE;
      }
      if (total > Integer.MAX_VALUE - 16) {
        throw new IOException(
            file
                + ": header shape "
                + dims[0]
                + " x "
                + dims[1]
                + " x "
                + dims[2]
                + " is too large for one array (at most "
                + (Integer.MAX_VALUE - 16)
                + " bytes)");
      }
      // read what is there (memory grows with the data, not with a forged header), then check
      byte[] pixels = readUpTo(in, (int) total, file);
      if (pixels.length < total) {
        throw new IOException(
            file + ": truncated (expected " + total + " data bytes, found " + pixels.length + ")");
      }
      requireEnd(in, file, "shape " + dims[0] + " x " + dims[1] + " x " + dims[2]);
      return new Images(dims[0], dims[1], dims[2], pixels);
    }
  }

  /**
   * Reads an {@code idx1-ubyte} labels file ({@code .gz} is decompressed on the fly).
   *
   * @param file the labels file
   * @return the labels (0..255), in file order
   * @throws IOException if the file cannot be read, is not an unsigned-byte IDX file with one
   *     dimension or is truncated
   */
  public static long[] readLabels(Path file) throws IOException {
    try (DataInputStream in = open(file)) {
      int[] dims = header(in, file, 1);
      byte[] raw = readUpTo(in, dims[0], file);
      if (raw.length < dims[0]) {
        throw new IOException(
            file + ": truncated (expected " + dims[0] + " labels, found " + raw.length + ")");
      }
      requireEnd(in, file, dims[0] + " labels");
      long[] labels = new long[raw.length];
      for (int i = 0; i < raw.length; i++) {
        labels[i] = raw[i] & 0xFF;
      }
      return labels;
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        in = new GZIPInputStream(in, 1 << 16);
      } catch (java.io.EOFException | java.util.zip.ZipException e) {
        in.close();
        throw new IOException(
            file + ": not a gzip file although its name ends in .gz (" + e.getMessage() + ")", e);
      }
    }
    return new DataInputStream(in);
  }

  private static void requireEnd(DataInputStream in, Path file, String what) throws IOException {
    if (readUpTo(in, 1, file).length != 0) {
      throw new IOException(
          file
              + ": more data than its header's "
              + what
              + " (trailing bytes: a damaged or concatenated file)");
    }
  }

  private static int[] header(DataInputStream in, Path file, int expectedDims) throws IOException {
    try {
      return headerFields(in, file, expectedDims);
    } catch (java.io.EOFException e) {
      throw new IOException(file + ": too short for an IDX header (truncated or empty)", e);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a readable gzip file (" + e.getMessage() + ")", e);
    }
  }

  private static int[] headerFields(DataInputStream in, Path file, int expectedDims)
      throws IOException {
    int magic = in.readInt();
    int type = (magic >>> 8) & 0xFF;
    int dims = magic & 0xFF;
    if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || dims != expectedDims) {
      throw new IOException(
          String.format(
              "%s: not an IDX unsigned-byte file with %d dimension(s) (magic 0x%08X)",
              file, expectedDims, magic));
    }
    int[] sizes = new int[dims];
    for (int i = 0; i < dims; i++) {
      sizes[i] = in.readInt();
      if (sizes[i] < 0) {
        throw new IOException(file + ": negative dimension " + sizes[i]);
      }
    }
    return sizes;
  }

  private static byte[] readUpTo(DataInputStream in, int count, Path file) throws IOException {
    try {
      return in.readNBytes(count);
    } catch (java.io.EOFException | java.util.zip.ZipException e) {
      throw new IOException(file + ": truncated or damaged gzip data (" + e.getMessage() + ")", e);
    }
  }
}

package org.rankkit.eval.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reader of NumPy {@code .npy} files as numpy writes them: magic {@code \x93NUMPY}, version 1.x
 * (2-byte header length) or 2.x/3.x (4-byte header length), a Python dict literal header with
 * {@code descr}, {@code fortran_order} and {@code shape}, then the raw data. Supported: {@code
 * <f4}, {@code <f8}, {@code <i4}, {@code <i8} (and {@code |} or {@code =} byte orders for them on
 * this little-endian format), C order only.
 */
public final class NpyFile {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** Element type of a supported file. */
  public enum Dtype {
    /** {@code <f4}. */
    FLOAT32(4),
    /** {@code <f8}. */
    FLOAT64(8),
    /** {@code <i4}. */
    INT32(4),
    /** {@code <i8}. */
    INT64(8);

    private final int bytes;

    Dtype(int bytes) {
      this.bytes = bytes;
    }

    /**
     * Returns the element size.
     *
     * @return bytes per element
     */
    public int bytes() {
      return bytes;
    }
  }

  /**
   * A parsed file: its header fields and its little-endian data.
   *
   * @param source the file (for messages)
   * @param dtype element type
   * @param shape dimensions
   * @param data the data, positioned at the first element, little-endian
   */
  public record Content(String source, Dtype dtype, long[] shape, ByteBuffer data) {}

  private NpyFile() {}

  /**
   * Reads and checks a file.
   *
   * @param file the {@code .npy} file
   * @return its content
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException when it is empty, not an .npy file, truncated, Fortran ordered
   *     or of an unsupported dtype (naming the file and the value)
   */
  public static Content read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return parse(file.toString(), bytes);
  }

  /**
   * Parses the bytes of a file.
   *
   * @param source name for messages
   * @param bytes the whole file
   * @return its content
   */
  static Content parse(String source, byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException(source + ": file is empty");
    }
    if (bytes.length < 10) {
      throw new IllegalArgumentException(
          source + ": too short to be an .npy file (" + bytes.length + " bytes)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes[i] != MAGIC[i]) {
        throw new IllegalArgumentException(
            source + ": not an .npy file (missing the \\x93NUMPY magic)");
      }
    }
    int major = bytes[6] & 0xff;
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = buf.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IllegalArgumentException(source + ": truncated .npy header");
      }
      headerLength = buf.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new IllegalArgumentException(
          source
              + ": unsupported .npy format version "
              + major
              + "."
              + (bytes[7] & 0xff)
              + " (supported: 1.x, 2.x, 3.x)");
    }
    if (headerStart + headerLength > bytes.length) {
      throw new IllegalArgumentException(source + ": truncated .npy header");
    }
    String header =
        new String(
            bytes,
            headerStart,
            (int) headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Map<String, Object> dict = new HeaderParser(source, header).parseDict();
    Object descr = dict.get("descr");
    Object fortran = dict.get("fortran_order");
    Object shapeValue = dict.get("shape");
    if (!(descr instanceof String)
        || !(fortran instanceof Boolean)
        || !(shapeValue instanceof List<?>)) {
      throw new IllegalArgumentException(
          source
              + ": .npy header needs 'descr' (string), 'fortran_order' (bool) and 'shape' (tuple), got: "
              + header.trim());
    }
    Dtype dtype = dtype(source, (String) descr);
    if ((Boolean) fortran) {
      throw new IllegalArgumentException(
          source + ": Fortran-ordered arrays are not supported; save with np.ascontiguousarray(x)");
    }
    List<?> dims = (List<?>) shapeValue;
    long[] shape = new long[dims.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      if (!(dims.get(i) instanceof Long dim)) {
        throw new IllegalArgumentException(
            source + ": .npy header 'shape' must hold whole numbers, got " + dims.get(i));
      }
      shape[i] = dim;
    }
    long expected;
    try {
      for (long dim : shape) {
        count = Math.multiplyExact(count, dim);
      }
      expected = Math.multiplyExact(count, dtype.bytes());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          source
              + ": .npy header shape "
              + java.util.Arrays.toString(shape)
              + " has more elements than"
              + " any file can hold (the product overflows); the header is damaged");
    }
    long dataStart = headerStart + headerLength;
    if (bytes.length - dataStart < expected) {
      throw new IllegalArgumentException(
          source
              + ": truncated: shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + descr
              + " needs "
              + expected
              + " data bytes, the file has "
              + (bytes.length - dataStart));
    }
    if (bytes.length - dataStart > expected) {
      throw new IllegalArgumentException(
          source
              + ": "
              + (bytes.length - dataStart - expected)
              + " bytes after the data: shape "
              + java.util.Arrays.toString(shape)
              + " of "
              + descr
              + " needs "
              + expected
              + " data bytes,"
              + " the file has "
              + (bytes.length - dataStart)
              + " (wrong shape in the header, or trailing"
              + " data); rewrite it with numpy.save");
    }
    if (expected > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          source + ": too large (" + expected + " data bytes; at most 2 GiB)");
    }
    ByteBuffer data =
        ByteBuffer.wrap(bytes, (int) dataStart, (int) expected)
            .slice()
            .order(ByteOrder.LITTLE_ENDIAN);
    return new Content(source, dtype, shape, data);
  }

  private static Dtype dtype(String source, String descr) {
    String d = descr.trim();
    char order = d.isEmpty() ? '?' : d.charAt(0);
    String type = d.length() > 1 && "<>|=".indexOf(order) >= 0 ? d.substring(1) : d;
    boolean bigEndian = order == '>';
    Dtype result =
        switch (type) {
          case "f4" -> Dtype.FLOAT32;
          case "f8" -> Dtype.FLOAT64;
          case "i4" -> Dtype.INT32;
          case "i8" -> Dtype.INT64;
          default -> null;
        };
    if (result == null || bigEndian) {
      throw new IllegalArgumentException(
          source
              + ": unsupported .npy dtype '"
              + descr
              + "'; supported: <f4 (float32), <f8 (float64),"
              + " <i4 (int32), <i8 (int64), little-endian");
    }
    return result;
  }

  /**
   * Parser of the header's Python literal: a dict of string keys to strings, booleans, ints,
   * tuples.
   */
  private static final class HeaderParser {
    private final String source;
    private final String text;
    private int pos;

    HeaderParser(String source, String text) {
      this.source = source;
      this.text = text;
    }

    Map<String, Object> parseDict() {
      skipSpace();
      expect('{');
      Map<String, Object> map = new LinkedHashMap<>();
      skipSpace();
      while (peek() != '}') {
        Object key = value();
        if (!(key instanceof String)) {
          throw error("dict key must be a string");
        }
        skipSpace();
        expect(':');
        map.put((String) key, value());
        skipSpace();
        if (peek() == ',') {
          pos++;
          skipSpace();
        } else if (peek() != '}') {
          throw error("expected ',' or '}'");
        }
      }
      return map;
    }

    private Object value() {
      skipSpace();
      char c = peek();
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
      }
      if (c == '(' || c == '[') {
        char close = c == '(' ? ')' : ']';
        pos++;
        List<Object> items = new ArrayList<>();
        skipSpace();
        while (peek() != close) {
          items.add(value());
          skipSpace();
          if (peek() == ',') {
            pos++;
            skipSpace();
          } else if (peek() != close) {
            throw error("expected ',' or '" + close + "'");
          }
        }
        pos++;
        return items;
      }
      if (text.startsWith("True", pos)) {
        pos += 4;
        return Boolean.TRUE;
      }
      if (text.startsWith("False", pos)) {
        pos += 5;
        return Boolean.FALSE;
      }
      int start = pos;
      while (pos < text.length()
          && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '-')) {
        pos++;
      }
      if (pos > start) {
        String digits = text.substring(start, pos);
        // numpy may write 10L on Python 2
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
          pos++;
        }
        try {
          long v = Long.parseLong(digits);
          if (v < 0) {
            throw error("negative dimension " + v);
          }
          return v;
        } catch (NumberFormatException e) {
          throw error("bad number '" + digits + "'");
        }
      }
      throw error("unexpected character '" + c + "'");
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      if (pos >= text.length()) {
        throw error("header ends early");
      }
      return text.charAt(pos);
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      pos++;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          source
              + ": malformed .npy header ("
              + what
              + " at character "
              + pos
              + "): "
              + text.trim());
    }
  }
}

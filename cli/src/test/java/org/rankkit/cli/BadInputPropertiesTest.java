package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Assertions;
import org.rankkit.compare.Suite;
import org.rankkit.data.IdxFiles;
import org.rankkit.data.ImageDecoding;
import org.rankkit.eval.io.EmbeddingFiles;
import org.rankkit.eval.io.Matrix;
import org.rankkit.golden.LossCase;
import org.rankkit.trainer.Checkpoint;
import org.rankkit.trainer.config.ConfigFiles;

/**
 * Generated bad input for every reader and parser (jqwik): {@code .npy}, CSV/TSV embeddings and
 * labels, IDX, JSON and YAML configurations, suites, golden cases, checkpoints and image files.
 * Inputs are mutations of a valid file (truncated, extended, bytes overwritten, numbers rewritten)
 * or generated tables and documents. Each must end in a clear error (a user error whose one-line
 * message has no library internals and names the file) or in a correct result; a mutation that
 * certainly breaks the file (truncation, surplus data, bad number syntax) must be an error. Ten
 * seconds per input rule out hangs. The tally per reader is written to {@code
 * target/bad-input-tally.txt} for the closing note.
 */
class BadInputPropertiesTest {

  /**
   * inputs tried, clear errors, correct results, stack traces (internal errors), silent
   * acceptances.
   */
  private static final Map<String, long[]> TALLY = new ConcurrentHashMap<>();

  private static Path dir() throws IOException {
    Path d = Path.of("target", "bad-input");
    Files.createDirectories(d);
    return d;
  }

  private static Path write(String name, byte[] bytes) throws IOException {
    Path f = dir().resolve(name);
    Files.write(f, bytes);
    return f;
  }

  /**
   * Reads one input and checks the outcome.
   *
   * @param reader the reader's name in the tally
   * @param file the file (its name must appear in an error), or null when the input has none
   * @param mustFail whether the input is certainly invalid
   * @param read the reading
   * @param correct whether an accepted result is the correct one
   */
  static void check(
      String reader,
      Path file,
      boolean mustFail,
      Callable<Object> read,
      Predicate<Object> correct) {
    long[] t = TALLY.computeIfAbsent(reader, k -> new long[5]);
    synchronized (t) {
      t[0]++;
    }
    Object result;
    try {
      result =
          Assertions.assertTimeoutPreemptively(
              Duration.ofSeconds(10), read::call, reader + " hangs");
    } catch (Throwable e) {
      if (e instanceof org.opentest4j.AssertionFailedError) {
        throw (org.opentest4j.AssertionFailedError) e;
      }
      if (!ErrorReport.isUserError(e)) {
        count(t, 3);
        fail(reader + ": internal error (would be a stack trace) for " + file, e);
      }
      String message = ErrorReport.userMessage(e);
      assertThat(message)
          .as(reader + " message")
          .isNotBlank()
          .doesNotContain("\n")
          .doesNotContain("Exception")
          .doesNotContain("com.fasterxml")
          .doesNotContain("CoercionConfig")
          .doesNotContain("java.lang")
          .doesNotContain("org.rankkit");
      if (file != null) {
        assertThat(message)
            .as(reader + " message names the file")
            .contains(file.getFileName().toString());
      }
      count(t, 1);
      return;
    }
    if (mustFail || !correct.test(result)) {
      count(t, 4);
      fail(
          reader
              + ": silently accepted "
              + file
              + (mustFail ? " (certainly invalid)" : " (wrong result)"));
    }
    count(t, 2);
  }

  private static void count(long[] t, int i) {
    synchronized (t) {
      t[i]++;
    }
  }

  @AfterContainer
  static void writeTally() throws IOException {
    StringBuilder b =
        new StringBuilder(
            "reader\tinputs tried\tclear errors\tcorrect results\tstack traces\tsilent acceptances\n");
    new TreeMap<>(TALLY)
        .forEach(
            (k, v) ->
                b.append(k)
                    .append('\t')
                    .append(v[0])
                    .append('\t')
                    .append(v[1])
                    .append('\t')
                    .append(v[2])
                    .append('\t')
                    .append(v[3])
                    .append('\t')
                    .append(v[4])
                    .append('\n'));
    Files.writeString(Path.of("target", "bad-input-tally.txt"), b.toString());
  }

  // ------------------------------------------------------------------ mutations of a valid file

  enum Cut {
    TRUNCATE,
    APPEND,
    OVERWRITE,
    NONE
  }

  static byte[] mutate(byte[] valid, Cut cut, int position, byte[] bytes) {
    int at = Math.floorMod(position, Math.max(1, valid.length));
    return switch (cut) {
      case TRUNCATE -> Arrays.copyOf(valid, at);
      case APPEND -> {
        byte[] out = Arrays.copyOf(valid, valid.length + Math.max(1, bytes.length));
        for (int i = valid.length; i < out.length; i++) {
          out[i] = bytes.length == 0 ? 0 : bytes[i - valid.length];
        }
        yield out;
      }
      case OVERWRITE -> {
        byte[] out = valid.clone();
        for (int i = 0; i < bytes.length && at + i < out.length; i++) {
          out[at + i] = bytes[i];
        }
        yield out;
      }
      case NONE -> valid;
    };
  }

  @Provide
  Arbitrary<byte[]> someBytes() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(12);
  }

  // ------------------------------------------------------------------ .npy

  static byte[] npy(float[][] rows) {
    String header =
        "{'descr': '<f4', 'fortran_order': False, 'shape': ("
            + rows.length
            + ", "
            + rows[0].length
            + "), }";
    while ((10 + header.length() + 1) % 64 != 0) {
      header += " ";
    }
    header += "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + header.length() + 4 * rows.length * rows[0].length)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (float[] r : rows) {
      for (float v : r) {
        b.putFloat(v);
      }
    }
    return b.array();
  }

  private static final float[][] SAMPLE = {{1, 0, 0.5f}, {0, 1, 0.25f}, {0.5f, 0.5f, 1}};

  @Property(tries = 300)
  void npyEmbeddings(@ForAll Cut cut, @ForAll int position, @ForAll("someBytes") byte[] bytes)
      throws IOException {
    byte[] valid = npy(SAMPLE);
    byte[] input = mutate(valid, cut, position, bytes);
    Path f = write("m.npy", input);
    boolean mustFail = (cut == Cut.TRUNCATE) || cut == Cut.APPEND;
    boolean unchanged = Arrays.equals(input, valid);
    check(
        "npy (embeddings)",
        f,
        mustFail && !unchanged,
        () -> EmbeddingFiles.readMatrix(f),
        r -> !unchanged || sameAsSample((Matrix) r));
  }

  @Property(tries = 200)
  void npyForgedShape(@ForAll("dims") List<Long> dims) throws IOException {
    String shape =
        String.join(", ", dims.stream().map(String::valueOf).toList())
            + (dims.size() == 1 ? "," : "");
    String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }";
    while ((10 + header.length() + 1) % 64 != 0) {
      header += " ";
    }
    header += "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 36).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.ISO_8859_1));
    Path f = write("shape.npy", b.array());
    long product = 1;
    boolean overflow = false;
    for (long d : dims) {
      try {
        product = Math.multiplyExact(product, d);
      } catch (ArithmeticException e) {
        overflow = true;
      }
    }
    boolean valid =
        !overflow && dims.size() == 2 && product * 4 == 36 && dims.get(0) > 0 && dims.get(1) > 0;
    check("npy (forged shape)", f, !valid, () -> EmbeddingFiles.readMatrix(f), r -> true);
  }

  @Provide
  Arbitrary<List<Long>> dims() {
    return Arbitraries.oneOf(
            Arbitraries.longs().between(0, 20),
            Arbitraries.longs().between(0, Long.MAX_VALUE),
            Arbitraries.of(3L, 9L, 4294967296L, 3037000500L))
        .list()
        .ofMinSize(0)
        .ofMaxSize(4);
  }

  private static boolean sameAsSample(Matrix m) {
    if (m.rows() != 3 || m.cols() != 3) {
      return false;
    }
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        if (m.get(r, c) != SAMPLE[r][c]) {
          return false;
        }
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ CSV / TSV embeddings and
  // labels

  static final List<String> GOOD_CELLS = List.of("1", "-2.5", ".5", "3e-2", "+4", "0", "7.", "1E3");

  /** A decimal number as the readers accept it (nan and inf aside, which the cells never hold). */
  static final String DECIMAL = "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?";

  static final List<String> BAD_CELLS =
      List.of(
          "0x1p3",
          "1.5d",
          "2f",
          "abc",
          "",
          "1,5",
          "\uFEFF2",
          "\u00a01",
          "1e",
          "--1",
          "NaN1",
          "1_0",
          "Infinity1");

  @Provide
  Arbitrary<List<List<String>>> tables() {
    Arbitrary<String> cell =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.of(GOOD_CELLS)),
            net.jqwik.api.Tuple.of(1, Arbitraries.of(BAD_CELLS)));
    return cell.list().ofMinSize(1).ofMaxSize(4).list().ofMinSize(0).ofMaxSize(5);
  }

  @Property(tries = 300)
  void csvEmbeddings(
      @ForAll("tables") List<List<String>> table, @ForAll boolean tabs, @ForAll boolean bom)
      throws IOException {
    String sep = tabs ? "\t" : ",";
    StringBuilder text = new StringBuilder(bom ? "\uFEFF" : "");
    for (List<String> row : table) {
      text.append(String.join(sep, row)).append('\n');
    }
    Path f = write(tabs ? "m.tsv" : "m.csv", text.toString().getBytes(StandardCharsets.UTF_8));
    // the rows as the file holds them: a cell such as "1,5" is two values in a CSV file, one
    // byte-order mark at the start of the file is not data, and an empty line is skipped
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < table.size(); i++) {
      String line = String.join(sep, table.get(i));
      if (i == 0 && !bom && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (!line.isEmpty()) {
        rows.add(List.of(line.split(sep, -1)));
      }
    }
    boolean rectangular = rows.stream().map(List::size).distinct().count() <= 1;
    boolean allGood = rows.stream().flatMap(List::stream).allMatch(c -> c.matches(DECIMAL));
    boolean valid = !rows.isEmpty() && rectangular && allGood;
    check(
        tabs ? "tsv (embeddings)" : "csv (embeddings)",
        f,
        !valid && !blankOnly(table),
        () -> EmbeddingFiles.readMatrix(f),
        r -> {
          Matrix m = (Matrix) r;
          return valid
              && m.rows() == rows.size()
              && m.get(0, 0) == Double.parseDouble(rows.get(0).get(0));
        });
  }

  private static boolean blankOnly(List<List<String>> table) {
    return table.stream().allMatch(row -> row.size() == 1 && row.get(0).isEmpty())
        && !table.isEmpty();
  }

  @Property(tries = 200)
  void csvLabels(@ForAll("labelLines") List<String> lines, @ForAll boolean bom) throws IOException {
    Path f =
        write(
            "labels.csv",
            ((bom ? "\uFEFF" : "") + String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>(lines);
    if (!bom && !seen.isEmpty() && seen.get(0).startsWith("\uFEFF")) {
      seen.set(
          0, seen.get(0).substring(1)); // a byte-order mark at the start of the file is allowed
    }
    boolean allGood = seen.stream().allMatch(l -> l.matches("[+-]?\\d+(\\.0*)?") || l.isEmpty());
    boolean any = lines.stream().anyMatch(l -> !l.isEmpty());
    check(
        "csv (labels)",
        f,
        !(allGood && any),
        () -> EmbeddingFiles.readLabels(f),
        r -> {
          long[] labels = (long[]) r;
          return labels.length == lines.stream().filter(l -> !l.isEmpty()).count();
        });
  }

  @Provide
  Arbitrary<List<String>> labelLines() {
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(8, Arbitraries.of("1", "2", "-3", "+4", "5.0", "")),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.of("0x10", "1.5", "7L", "1e400", "a", "1 2", "\uFEFF3", "8d")))
        .list()
        .ofMinSize(0)
        .ofMaxSize(6);
  }

  // ------------------------------------------------------------------ IDX (Fashion-MNIST format)

  static byte[] idxImages(boolean gz) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(16 + 2 * 4 * 4);
    b.putInt(0x00000803).putInt(2).putInt(4).putInt(4);
    for (int i = 0; i < 32; i++) {
      b.put((byte) i);
    }
    return gz ? gzip(b.array()) : b.array();
  }

  static byte[] gzip(byte[] raw) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(raw);
    }
    return out.toByteArray();
  }

  @Property(tries = 300)
  void idxImages(
      @ForAll Cut cut, @ForAll boolean gz, @ForAll int position, @ForAll("someBytes") byte[] bytes)
      throws IOException {
    byte[] raw = idxImages(false);
    byte[] input;
    boolean mustFail;
    if (gz) {
      // mutate the content, then compress it: the IDX reader sees the damage
      input = gzip(mutate(raw, cut, position, bytes));
    } else {
      input = mutate(raw, cut, position, bytes);
    }
    mustFail = cut == Cut.TRUNCATE || cut == Cut.APPEND;
    boolean unchanged = Arrays.equals(mutate(raw, cut, position, bytes), raw);
    Path f = write(gz ? "images-idx3-ubyte.gz" : "images-idx3-ubyte", input);
    check("idx (images)", f, mustFail && !unchanged, () -> IdxFiles.readImages(f), r -> true);
  }

  @Property(tries = 100)
  void idxCompressedBytesDamaged(
      @ForAll Cut cut, @ForAll int position, @ForAll("someBytes") byte[] bytes) throws IOException {
    byte[] input = mutate(idxImages(true), cut, position, bytes);
    Path f = write("damaged-idx3-ubyte.gz", input);
    check("idx (damaged gzip)", f, cut == Cut.TRUNCATE, () -> IdxFiles.readImages(f), r -> true);
  }

  // ------------------------------------------------------------------ configurations (JSON, YAML)

  @Provide
  Arbitrary<Map<String, Object>> configs() {
    Arbitrary<String> keys =
        Arbitraries.of(
            "loss",
            "epochs",
            "batch",
            "perClass",
            "lr",
            "dim",
            "evalKs",
            "dataset",
            "imageSize",
            "seed",
            "bogus",
            "maxTrainItems",
            "schedule",
            "device",
            "augment");
    Arbitrary<Object> values =
        Arbitraries.oneOf(
            Arbitraries.integers().between(-5, 300).map(i -> (Object) i),
            Arbitraries.of("recall-at-k", "abc", "", "1.5", "0x10", "cpu", "glyphs", "[1, 2]")
                .map(s -> (Object) s),
            Arbitraries.doubles().between(-1, 10).map(d -> (Object) d),
            Arbitraries.of(true, false).map(x -> (Object) x),
            Arbitraries.integers().between(0, 5).list().ofMaxSize(3).map(l -> (Object) l),
            Arbitraries.just((Object) Long.MAX_VALUE));
    return Arbitraries.maps(keys, values).ofMaxSize(5);
  }

  @Property(tries = 300)
  void configFiles(
      @ForAll("configs") Map<String, Object> config,
      @ForAll boolean yaml,
      @ForAll Cut cut,
      @ForAll int position)
      throws IOException {
    com.fasterxml.jackson.databind.ObjectMapper mapper =
        yaml
            ? new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
            : new com.fasterxml.jackson.databind.ObjectMapper();
    byte[] valid = mapper.writeValueAsBytes(config);
    byte[] input = cut == Cut.TRUNCATE ? mutate(valid, cut, position, new byte[0]) : valid;
    Path f = write(yaml ? "config.yaml" : "config.json", input);
    check(
        yaml ? "yaml (train config)" : "json (train config)",
        f,
        config.containsKey("bogus") && input == valid,
        () -> TrainCommand.configOf(ConfigFiles.read(f), f),
        r -> true);
  }

  // ------------------------------------------------------------------ suites

  @Provide
  Arbitrary<String> suites() {
    Arbitrary<String> run =
        Arbitraries.of(
            "  - {name: a, loss: recall-at-k}",
            "  - {name: b, baseline: raw-pixels}",
            "  - {name: a, loss: x}",
            "  - {name: c}",
            "  - {name: d, loss: fast-ap, set: {epochs: 3}}",
            "  - {name: e, baseline: pixels}",
            "  - {loss: recall-at-k}",
            "  - 7",
            "  - {name: f, loss: contrastive, augment: simix}",
            "  - [a, b]",
            "  - {name: g, loss: smooth-ap, colour: red}");
    Arbitrary<String> head =
        Arbitraries.of(
            "name: s\n",
            "",
            "name: [1]\n",
            "settings: {epochs: 1}\n",
            "settings: {loss: x}\n",
            "settings: 3\n",
            "quick: {epochs: 1}\n",
            "runz: []\n",
            ": :\n",
            "\uFEFFname: bom\n");
    return Arbitraries.lazy(
        () ->
            net.jqwik.api.Combinators.combine(
                    head, run.list().ofMaxSize(4), Arbitraries.of(true, false))
                .as(
                    (h, runs, hasRuns) ->
                        h + (hasRuns ? "runs:\n" + String.join("\n", runs) + "\n" : "")));
  }

  @Property(tries = 300)
  void suiteFiles(@ForAll("suites") String text) throws IOException {
    Path f = write("suite.yaml", text.getBytes(StandardCharsets.UTF_8));
    check(
        "suite (yaml)",
        f,
        !text.contains("runs:\n  -"),
        () -> Suite.read(f),
        r -> !((Suite) r).runs().isEmpty());
  }

  // ------------------------------------------------------------------ golden cases

  @Provide
  Arbitrary<String> goldenCases() {
    Arbitrary<String> loss =
        Arbitraries.of("\"recall-at-k\"", "\"contrastive\"", "3", "null", "\"\"");
    Arbitrary<String> emb =
        Arbitraries.of(
            "[[1,0],[0,1],[0.6,0.8]]",
            "[[1,0],[0,1]]",
            "[[1,0],[0]]",
            "[]",
            "[[\"a\",0],[0,1],[1,1]]",
            "[[1e999,0],[0,1],[1,1]]",
            "3",
            "[[1,0],[0,1],[0.6,0.8],[1,1]]");
    Arbitrary<String> labels =
        Arbitraries.of("[0,1,1]", "[0,1]", "[0,1.5,1]", "[\"x\",1,1]", "[0,1,1,1]", "null", "[]");
    return net.jqwik.api.Combinators.combine(loss, emb, labels)
        .as((l, e, y) -> "{\"loss\": " + l + ", \"embeddings\": " + e + ", \"labels\": " + y + "}");
  }

  @Property(tries = 300)
  void goldenCaseFiles(@ForAll("goldenCases") String json, @ForAll Cut cut, @ForAll int position)
      throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    byte[] input = cut == Cut.TRUNCATE ? mutate(bytes, cut, position, new byte[0]) : bytes;
    Path f = write("case.json", input);
    // consistent: a named loss, a rectangular finite matrix and one integer label per row
    // (a number as the loss id is read as its text, "3", which loss-check then reports as an
    // unknown loss: not silent)
    boolean consistent =
        input == bytes
            && !json.contains("null")
            && !json.contains("\"loss\": \"\"")
            && (json.contains("[[1,0],[0,1],[0.6,0.8]], \"labels\": [0,1,1]}")
                || json.contains("[[1,0],[0,1]], \"labels\": [0,1]}")
                || json.contains("[[1,0],[0,1],[0.6,0.8],[1,1]], \"labels\": [0,1,1,1]}"));
    check("golden case (json)", f, false, () -> LossCase.read(f), r -> consistent);
  }

  // ------------------------------------------------------------------ checkpoints

  static byte[] checkpoint() throws IOException {
    Path f = dir().resolve("valid.ckpt");
    Checkpoint.write(
        f,
        Map.of("format", 1, "config", Map.of("loss", "recall-at-k")),
        out -> out.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
        out -> out.write(new byte[] {9, 9, 9}));
    return Files.readAllBytes(f);
  }

  @Property(tries = 300)
  void checkpoints(@ForAll Cut cut, @ForAll int position, @ForAll("someBytes") byte[] bytes)
      throws IOException {
    byte[] valid = checkpoint();
    byte[] input = mutate(valid, cut, position, bytes);
    Path f = write("last.ckpt", input);
    boolean unchanged = Arrays.equals(input, valid);
    // surplus bytes after a zip's directory do not change its entries: a correct result is allowed
    // cutting only the zip's central directory, or adding bytes after it, leaves every entry
    // intact: the content must then be exactly the original (checked below), otherwise an error
    check(
        "checkpoint",
        f,
        false,
        () -> Checkpoint.read(f),
        r -> {
          Checkpoint c = (Checkpoint) r;
          return Arrays.equals(c.modelParams(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8})
              && Arrays.equals(c.optimizerState(), new byte[] {9, 9, 9});
        });
  }

  // ------------------------------------------------------------------ image files

  static byte[] png() throws IOException {
    BufferedImage image = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 6; x++) {
        image.setRGB(x, y, (x * 40) << 16 | (y * 50) << 8 | 77);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  @Property(tries = 300)
  void imageFiles(
      @ForAll Cut cut,
      @ForAll int position,
      @ForAll("someBytes") byte[] bytes,
      @ForAll @IntRange(min = 0, max = 2) int kind)
      throws IOException {
    byte[] valid = png();
    byte[] input = mutate(valid, cut, position, bytes);
    Path f = write(new String[] {"img.png", "img.jpg", "img.bmp"}[kind], input);
    // an accepted image must have exactly the original pixels: a truncation that only drops the
    // end marker leaves them intact, any other damage must be an error
    check(
        "image (png)",
        f,
        false,
        () -> ImageDecoding.readRgb(f),
        r -> {
          BufferedImage image = (BufferedImage) r;
          if (image.getWidth() != 6 || image.getHeight() != 5) {
            return false;
          }
          for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 6; x++) {
              if ((image.getRGB(x, y) & 0xFFFFFF) != ((x * 40) << 16 | (y * 50) << 8 | 77)) {
                return false;
              }
            }
          }
          return true;
        });
  }

  static List<String> readers() {
    return new ArrayList<>(TALLY.keySet());
  }
}

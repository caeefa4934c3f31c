package org.rankkit.data;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.GlyphVector;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code glyphs}: a many-class, open-set retrieval benchmark made of Han characters rendered from
 * the CJK fonts of Debian packages with Java2D.
 *
 * <ul>
 *   <li>A class is one code point of CJK Unified Ideographs (U+4E00–U+9FFF) that every chosen face
 *       draws. A face that maps a code point to an empty outline (no ink when rendered) or to a
 *       placeholder (a bitmap it draws for more than {@value #PLACEHOLDER_REPEATS} code points)
 *       does not draw it, and the class is dropped.
 *   <li>An item is one face's rendering: greyscale, white on black, the glyph's ink box centred in
 *       a square of {@code imageSize} pixels (default {@value #NATIVE_SIZE}), drawn at {@value
 *       #EM_FRACTION} of the box and scaled down when it would not fit.
 *   <li>Classes are split into train and test by a stable hash of the code point (SplitMix64,
 *       lowest bit), so test classes are never seen in training. {@code glyphClasses} keeps the
 *       first N classes of each split in hash order (a stable, unbiased sample); {@code
 *       glyphEvalItemsPerClass} keeps, per test class, a subset of faces chosen by the same hash.
 *   <li>Pixels are scaled to [0, 1] and normalised with the mean and standard deviation of the
 *       chosen training items. Training augmentation: {@link GreyscaleImageSet}'s 2-pixel shift and
 *       horizontal flip.
 * </ul>
 *
 * <p>Rendering takes about a minute on two cores, so the rendered images are cached in {@code
 * $RANKKIT_CACHE} (default {@code $XDG_CACHE_HOME/rankkit} or {@code ~/.cache/rankkit}), keyed by
 * the faces' files, the size and the renderer's version. The data directory ({@code --data},
 * default {@value DataOptions#GLYPHS_DEFAULT_DIR}) is where the font files are looked up.
 */
public final class Glyphs implements Dataset {

  /** The dataset id: {@code glyphs}. */
  public static final String ID = "glyphs";

  private static final Logger LOG = LoggerFactory.getLogger(Glyphs.class);

  /** The image side when {@code imageSize} is 0. */
  public static final int NATIVE_SIZE = 32;

  /** First code point of CJK Unified Ideographs. */
  public static final int FIRST_CODE_POINT = 0x4E00;

  /** Last code point of CJK Unified Ideographs. */
  public static final int LAST_CODE_POINT = 0x9FFF;

  /** A face drawing one bitmap for more code points than this draws placeholders. */
  static final int PLACEHOLDER_REPEATS = 4;

  /** Font size as a fraction of the box side. */
  static final double EM_FRACTION = 0.875;

  private static final int RENDERER_VERSION = 1;

  /**
   * One font face: a name (used in {@code glyphFonts}), the Debian package that installs it, its
   * file relative to the font directory, and its index inside a TrueType collection.
   *
   * @param name kebab-case face name
   * @param debianPackage the package that installs the file
   * @param file path relative to the font directory
   * @param index face index inside the file (0 for a single-face file)
   */
  public record Face(String name, String debianPackage, String file, int index) {}

  /** Every face RankKit knows, in a fixed order. */
  public static final List<Face> FACES =
      List.of(
          new Face("ipa-gothic", "fonts-ipafont-gothic", "opentype/ipafont-gothic/ipag.ttf", 0),
          new Face("ipa-mincho", "fonts-ipafont-mincho", "opentype/ipafont-mincho/ipam.ttf", 0),
          new Face("noto-sans-cjk", "fonts-noto-cjk", "opentype/noto/NotoSansCJK-Regular.ttc", 0),
          new Face("noto-sans-cjk-bold", "fonts-noto-cjk", "opentype/noto/NotoSansCJK-Bold.ttc", 0),
          new Face("noto-serif-cjk", "fonts-noto-cjk", "opentype/noto/NotoSerifCJK-Regular.ttc", 0),
          new Face(
              "noto-serif-cjk-bold", "fonts-noto-cjk", "opentype/noto/NotoSerifCJK-Bold.ttc", 0),
          new Face("vl-gothic", "fonts-vlgothic", "truetype/vlgothic/VL-Gothic-Regular.ttf", 0),
          new Face("wqy-zenhei", "fonts-wqy-zenhei", "truetype/wqy/wqy-zenhei.ttc", 0),
          new Face("ar-pl-uming", "fonts-arphic-uming", "truetype/arphic/uming.ttc", 0),
          new Face("ar-pl-ukai", "fonts-arphic-ukai", "truetype/arphic/ukai.ttc", 0),
          new Face("cwtex-kai", "fonts-cwtex-kai", "truetype/cwtex/cwkai.ttf", 0),
          new Face("cwtex-yen", "fonts-cwtex-yen", "truetype/cwtex/cwyen.ttf", 0),
          new Face("cwtex-fangsong", "fonts-cwtex-fs", "truetype/cwtex/cwfs.ttf", 0),
          new Face("motoya-cedar", "fonts-motoya-l-cedar", "truetype/motoya-l-cedar/MTLc3m.ttf", 0),
          new Face(
              "motoya-maruberi",
              "fonts-motoya-l-maruberi",
              "truetype/motoya-l-maruberi/MTLmr3m.ttf",
              0),
          new Face("misaki-gothic", "fonts-misaki", "truetype/misaki/misaki_gothic.ttf", 0),
          new Face("misaki-mincho", "fonts-misaki", "truetype/misaki/misaki_mincho.ttf", 0),
          new Face("seto", "fonts-seto", "truetype/seto/setofont.ttf", 0),
          new Face("kiloji", "fonts-kiloji", "truetype/kiloji/kiloji.ttf", 0),
          new Face(
              "aoyagi-soseki",
              "fonts-aoyagi-soseki",
              "truetype/aoyagi-soseki/aoyagi-soseki.ttf",
              0),
          new Face(
              "kouzan-brush",
              "fonts-kouzan-mouhitsu",
              "truetype/kouzan-mouhitsu/kouzan-mouhitsu.ttf",
              0),
          new Face(
              "kouzan-gyosho",
              "fonts-kouzan-mouhitsu",
              "truetype/kouzan-mouhitsu/kouzan-mouhitsu-gyosho.ttf",
              0),
          new Face(
              "kouzan-sousho",
              "fonts-kouzan-mouhitsu",
              "truetype/kouzan-mouhitsu/KouzanBrushFontSousyo.ttf",
              0),
          new Face(
              "aoyagi-kouzan-t",
              "fonts-aoyagi-kouzan-t",
              "truetype/aoyagi-kouzan-t/AoyagiKouzanT.ttf",
              0));

  /**
   * The faces used when {@code glyphFonts} is empty: every known face but {@code aoyagi-kouzan-t},
   * which draws fewer than 3,000 of the code points and would halve the number of classes.
   */
  public static final List<String> DEFAULT_FACES =
      FACES.stream().map(Face::name).filter(n -> !n.equals("aoyagi-kouzan-t")).toList();

  /** Every Debian package that {@link #DEFAULT_FACES} come from, without repeats. */
  public static final List<String> DEFAULT_PACKAGES =
      FACES.stream()
          .filter(f -> DEFAULT_FACES.contains(f.name()))
          .map(Face::debianPackage)
          .distinct()
          .toList();

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  Glyphs() {}

  /** {@return the system font directory, where Debian's font packages install their files} */
  @Override
  public Optional<Path> defaultLocation() {
    return Optional.of(Path.of(DataOptions.GLYPHS_DEFAULT_DIR));
  }

  /**
   * Opens {@code glyphs}: renders (or reads from the cache) every chosen face's drawing of every
   * code point that all of them draw, then splits the classes.
   *
   * @param options the font directory, faces, image size, classes per split, evaluation items per
   *     class and item limit
   * @return the training split and the test split (leave-one-out over unseen classes)
   * @throws DataException when a face is unknown or its font file is missing (naming the package)
   */
  @Override
  public RetrievalSplits open(DataOptions options) {
    List<Face> faces = faces(options.glyphFonts(), options.dataDir());
    int size = options.imageSize() == 0 ? NATIVE_SIZE : options.imageSize();
    Rendering rendering = rendered(faces, options.dataDir(), size);
    int[] codePoints = rendering.codePoints();
    int f = faces.size();
    List<Integer> trainClasses = new ArrayList<>();
    List<Integer> testClasses = new ArrayList<>();
    Integer[] order = IntStream.range(0, codePoints.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Long.compareUnsigned(hash(codePoints[a]), hash(codePoints[b])));
    for (int c : order) {
      ((hash(codePoints[c]) & 1) == 0 ? trainClasses : testClasses).add(c);
    }
    int keep = options.glyphClasses();
    if (keep > 0) {
      trainClasses = trainClasses.subList(0, Math.min(keep, trainClasses.size()));
      testClasses = testClasses.subList(0, Math.min(keep, testClasses.size()));
    }
    int evalPerClass =
        options.glyphEvalItemsPerClass() == 0 ? f : Math.min(f, options.glyphEvalItemsPerClass());
    long[] labels = new long[codePoints.length * f];
    for (int c = 0; c < codePoints.length; c++) {
      Arrays.fill(labels, c * f, (c + 1) * f, codePoints[c]);
    }
    int[] trainItems = new int[trainClasses.size() * f];
    int t = 0;
    for (int c : trainClasses) {
      for (int j = 0; j < f; j++) {
        trainItems[t++] = c * f + j;
      }
    }
    int[] testItems = new int[testClasses.size() * evalPerClass];
    t = 0;
    for (int c : testClasses) {
      for (int j : evaluationFaces(codePoints[c], f, evalPerClass)) {
        testItems[t++] = c * f + j;
      }
    }
    byte[] pixels = rendering.pixels();
    double[] moments = moments(pixels, trainItems, size * size);
    ImageSet train =
        new GreyscaleImageSet(
            pixels, size, size, trainItems, labels, 0, (float) moments[0], (float) moments[1]);
    ImageSet test =
        new GreyscaleImageSet(
            pixels, size, size, testItems, labels, 0, (float) moments[0], (float) moments[1]);
    train = SubsetImageSet.head(train, options.maxItemsPerSplit());
    test = SubsetImageSet.head(test, options.maxItemsPerSplit());
    String description =
        String.format(
            java.util.Locale.ROOT,
            "glyphs: %d faces, %d px, %d code points drawn by every face; train %d classes x %d"
                + " faces (%d images), leave-one-out retrieval on %d unseen classes x %d faces (%d"
                + " images); pixel mean %.4f, std %.4f",
            f,
            size,
            codePoints.length,
            trainClasses.size(),
            f,
            train.size(),
            testClasses.size(),
            evalPerClass,
            test.size(),
            moments[0],
            moments[1]);
    return new RetrievalSplits("glyphs", description, train, test, null);
  }

  /**
   * Lists the chosen faces, checking that each is known and installed.
   *
   * @param names face names; empty = {@link #DEFAULT_FACES}
   * @param fontDir the font directory
   * @return the faces, in the order given
   * @throws DataException naming unknown faces, or missing files with the packages to install
   */
  public static List<Face> faces(List<String> names, Path fontDir) {
    List<String> wanted = names.isEmpty() ? DEFAULT_FACES : names;
    Map<String, Face> byName = new LinkedHashMap<>();
    FACES.forEach(face -> byName.put(face.name(), face));
    List<Face> faces = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String name : wanted) {
      Face face = byName.get(name);
      if (face == null) {
        unknown.add(name);
      } else {
        faces.add(face);
      }
    }
    if (!unknown.isEmpty()) {
      throw new DataException(
          "glyphFonts: unknown face "
              + String.join(", ", unknown)
              + "; known faces: "
              + String.join(", ", byName.keySet()));
    }
    if (faces.size() < 2) {
      throw new DataException(
          "glyphFonts: give at least 2 faces (a class needs 2 items), got " + faces.size());
    }
    List<String> missing = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    for (Face face : faces) {
      if (!Files.isRegularFile(fontDir.resolve(face.file()))) {
        missing.add(face.name() + " (" + fontDir.resolve(face.file()) + ")");
        if (!packages.contains(face.debianPackage())) {
          packages.add(face.debianPackage());
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new DataException(
          "glyphs: font files missing for "
              + String.join(", ", missing)
              + ". Fix: apt-get install "
              + String.join(" ", packages)
              + (fontDir.equals(Path.of(DataOptions.GLYPHS_DEFAULT_DIR))
                  ? ""
                  : ", or point --data at the font directory"));
    }
    return faces;
  }

  /** The faces kept for a test class: the first {@code count} by a hash of (code point, face). */
  static int[] evaluationFaces(int codePoint, int faces, int count) {
    if (count >= faces) {
      return IntStream.range(0, faces).toArray();
    }
    Integer[] order = IntStream.range(0, faces).boxed().toArray(Integer[]::new);
    Arrays.sort(
        order,
        (a, b) ->
            Long.compareUnsigned(
                hash(codePoint * 64L + a + 0x5EEDL), hash(codePoint * 64L + b + 0x5EEDL)));
    int[] kept = new int[count];
    for (int i = 0; i < count; i++) {
      kept[i] = order[i];
    }
    Arrays.sort(kept);
    return kept;
  }

  /** A 64-bit fingerprint of a bitmap (two independent hashes). */
  private static long fingerprint(byte[] bitmap) {
    long fnv = 0xCBF29CE484222325L;
    for (byte b : bitmap) {
      fnv = (fnv ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return fnv ^ ((long) Arrays.hashCode(bitmap) << 32);
  }

  /** SplitMix64 of a value: the stable hash behind the split and every selection. */
  static long hash(long value) {
    long z = value + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static double[] moments(byte[] pixels, int[] items, int length) {
    double sum = 0;
    double squares = 0;
    for (int item : items) {
      int base = item * length;
      long s = 0;
      long q = 0;
      for (int i = 0; i < length; i++) {
        int p = pixels[base + i] & 0xFF;
        s += p;
        q += p * p;
      }
      sum += s;
      squares += q;
    }
    double n = (double) items.length * length;
    double mean = sum / n / 255.0;
    double variance = squares / n / (255.0 * 255.0) - mean * mean;
    return new double[] {mean, Math.sqrt(Math.max(variance, 1e-12))};
  }

  /**
   * Renderings of every kept code point by every face.
   *
   * @param codePoints the kept code points, ascending
   * @param faces the number of faces
   * @param size the image side
   * @param pixels item {@code c·faces + f} (code point c, face f) at offset {@code item·size²}
   */
  record Rendering(int[] codePoints, int faces, int size, byte[] pixels) {}

  /** Renders the faces, or reads the cached rendering of exactly these files at this size. */
  static Rendering rendered(List<Face> faces, Path fontDir, int size) {
    String key = cacheKey(faces, fontDir, size);
    Path cache = cacheDir().resolve("glyphs-" + key + ".bin");
    if (Files.isRegularFile(cache)) {
      try {
        return read(cache, faces.size(), size);
      } catch (IOException | RuntimeException e) {
        LOG.warn("glyphs: ignoring unreadable cache {} ({}); rendering again", cache, e.toString());
      }
    }
    long start = System.nanoTime();
    LOG.info("glyphs: rendering {} faces at {} px (once; cached in {})", faces.size(), size, cache);
    Rendering rendering = render(faces, fontDir, size);
    LOG.info(
        "glyphs: {} code points drawn by every face, rendered in {} s",
        rendering.codePoints().length,
        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    try {
      write(cache, rendering);
    } catch (IOException e) {
      LOG.warn(
          "glyphs: cannot write the cache {} ({}); it will be rendered again next time",
          cache,
          e.toString());
    }
    return rendering;
  }

  /** Renders every face's drawing of every code point that all faces draw. */
  static Rendering render(List<Face> faces, Path fontDir, int size) {
    Font[] fonts = new Font[faces.size()];
    for (int i = 0; i < fonts.length; i++) {
      fonts[i] = load(faces.get(i), fontDir).deriveFont((float) (EM_FRACTION * size));
    }
    int range = LAST_CODE_POINT - FIRST_CODE_POINT + 1;
    BitSet candidates = new BitSet(range);
    candidates.set(0, range);
    for (Font font : fonts) {
      for (int i = candidates.nextSetBit(0); i >= 0; i = candidates.nextSetBit(i + 1)) {
        if (!font.canDisplay(FIRST_CODE_POINT + i)) {
          candidates.clear(i);
        }
      }
    }
    int[] cps = candidates.stream().map(i -> FIRST_CODE_POINT + i).toArray();
    int area = size * size;
    byte[][] perFace = new byte[fonts.length][];
    BitSet[] drawn = new BitSet[fonts.length];
    IntStream.range(0, fonts.length)
        .parallel()
        .forEach(
            f -> {
              byte[] images = new byte[Math.multiplyExact(cps.length, area)];
              BitSet ok = new BitSet(cps.length);
              Map<Long, List<Integer>> byBitmap = new HashMap<>();
              BufferedImage canvas = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
              byte[] raster = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
              for (int c = 0; c < cps.length; c++) {
                if (drawGlyph(fonts[f], cps[c], canvas)) {
                  System.arraycopy(raster, 0, images, c * area, area);
                  ok.set(c);
                  byBitmap.computeIfAbsent(fingerprint(raster), k -> new ArrayList<>()).add(c);
                }
              }
              for (List<Integer> same : byBitmap.values()) {
                if (same.size() > PLACEHOLDER_REPEATS) {
                  same.forEach(ok::clear);
                }
              }
              perFace[f] = images;
              drawn[f] = ok;
            });
    BitSet all = new BitSet(cps.length);
    all.set(0, cps.length);
    for (BitSet ok : drawn) {
      all.and(ok);
    }
    int[] kept = all.stream().toArray();
    byte[] pixels =
        new byte[Math.multiplyExact(Math.multiplyExact(kept.length, fonts.length), area)];
    for (int k = 0; k < kept.length; k++) {
      for (int f = 0; f < fonts.length; f++) {
        System.arraycopy(perFace[f], kept[k] * area, pixels, (k * fonts.length + f) * area, area);
      }
    }
    return new Rendering(
        Arrays.stream(kept).map(k -> cps[k]).toArray(), fonts.length, size, pixels);
  }

  /**
   * Draws one code point white on black, its ink box centred and scaled down to fit if needed.
   *
   * @return false when the outline has no ink
   */
  static boolean drawGlyph(Font font, int codePoint, BufferedImage canvas) {
    int size = canvas.getWidth();
    Graphics2D g = canvas.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(java.awt.Color.BLACK);
      g.fillRect(0, 0, size, size);
      FontRenderContext frc = g.getFontRenderContext();
      GlyphVector glyph = font.createGlyphVector(frc, new String(Character.toChars(codePoint)));
      Rectangle2D box = glyph.getVisualBounds();
      if (box.isEmpty()) {
        return false;
      }
      double fit = 0.95 * size;
      double scale = Math.min(1.0, fit / Math.max(box.getWidth(), box.getHeight()));
      g.translate(size / 2.0, size / 2.0);
      g.scale(scale, scale);
      g.translate(-box.getCenterX(), -box.getCenterY());
      g.setColor(java.awt.Color.WHITE);
      g.fill(glyph.getOutline());
    } finally {
      g.dispose();
    }
    byte[] raster = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
    for (byte b : raster) {
      if (b != 0) {
        return true;
      }
    }
    return false;
  }

  private static Font load(Face face, Path fontDir) {
    Path file = fontDir.resolve(face.file());
    try {
      Font[] fonts = Font.createFonts(file.toFile());
      if (face.index() >= fonts.length) {
        throw new DataException(
            "glyphs: "
                + file
                + " holds "
                + fonts.length
                + " faces, face "
                + face.name()
                + " needs index "
                + face.index());
      }
      return fonts[face.index()];
    } catch (FontFormatException | IOException e) {
      throw new DataException(
          "glyphs: cannot read the font "
              + file
              + " of face "
              + face.name()
              + " ("
              + e.getMessage()
              + "); reinstall it with apt-get install --reinstall "
              + face.debianPackage(),
          e);
    }
  }

  /**
   * {@return the cache directory: system property {@code rankkit.cache}, else $RANKKIT_CACHE, else
   * $XDG_CACHE_HOME/rankkit, else ~/.cache/rankkit}
   */
  static Path cacheDir() {
    String explicit = System.getProperty("rankkit.cache", System.getenv("RANKKIT_CACHE"));
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit);
    }
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("rankkit");
  }

  private static String cacheKey(List<Face> faces, Path fontDir, int size) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      StringBuilder sb = new StringBuilder("v" + RENDERER_VERSION + ";" + size + ";");
      for (Face face : faces) {
        Path file = fontDir.resolve(face.file()).toAbsolutePath();
        sb.append(face.name())
            .append('|')
            .append(file)
            .append('|')
            .append(face.index())
            .append('|')
            .append(Files.size(file))
            .append('|')
            .append(Files.getLastModifiedTime(file).toMillis())
            .append(';');
      }
      return HexFormat.of()
          .formatHex(digest.digest(sb.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException | IOException e) {
      throw new DataException("glyphs: cannot read the font files (" + e.getMessage() + ")", e);
    }
  }

  private static final int MAGIC = 0x524B4731; // "RKG1"

  private static void write(Path file, Rendering r) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out, 1 << 20))) {
      data.writeInt(MAGIC);
      data.writeInt(r.faces());
      data.writeInt(r.size());
      data.writeInt(r.codePoints().length);
      for (int cp : r.codePoints()) {
        data.writeInt(cp);
      }
      data.write(r.pixels());
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Rendering read(Path file, int faces, int size) throws IOException {
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(new BufferedInputStream(in, 1 << 20))) {
      if (data.readInt() != MAGIC || data.readInt() != faces || data.readInt() != size) {
        throw new IOException("not a glyph cache of " + faces + " faces at " + size + " px");
      }
      int n = data.readInt();
      if (n < 0 || (long) n * faces * size * size > Integer.MAX_VALUE - 16) {
        throw new IOException("bad code point count " + n);
      }
      int[] cps = new int[n];
      for (int i = 0; i < n; i++) {
        cps[i] = data.readInt();
      }
      byte[] pixels = new byte[n * faces * size * size];
      data.readFully(pixels);
      if (data.read() != -1) {
        throw new IOException("trailing bytes");
      }
      return new Rendering(cps, faces, size, pixels);
    }
  }
}

package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.testkit.InstalledData;

/**
 * {@code glyphs} on the installed fonts: the split, the selection keys, the cache, empty outlines
 * and the errors. Needs the font packages (CI installs them; elsewhere the tests that render are
 * skipped with the install command).
 */
@org.junit.jupiter.api.Tag(org.rankkit.testkit.InstalledData.TAG)
class GlyphsTest {

  private static final Path FONTS = Path.of(DataOptions.GLYPHS_DEFAULT_DIR);
  private static final List<String> TWO = List.of("ipa-gothic", "ipa-mincho");

  @TempDir static Path cache;

  @BeforeAll
  static void privateCache() {
    System.setProperty("rankkit.cache", cache.toString());
  }

  private static void requireFonts(List<String> faces) {
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> faces.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream().map(f -> FONTS.resolve(f.file())).toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
  }

  private static DataOptions options(List<String> faces, int classes, int evalPerClass) {
    return DataOptions.of("glyphs", null)
        .withImageSize(16)
        .withGlyphs(faces, classes, evalPerClass);
  }

  private static Set<Long> classes(ImageSet set) {
    return Arrays.stream(set.labels()).boxed().collect(Collectors.toSet());
  }

  @Test
  void testClassesAreUnseenAndEveryClassHasOneItemPerFace() {
    requireFonts(TWO);
    RetrievalSplits splits = Datasets.open(options(TWO, 0, 0));
    Set<Long> train = classes(splits.train());
    Set<Long> test = classes(splits.query());
    assertThat(splits.leaveOneOut()).isTrue();
    assertThat(train).doesNotContainAnyElementsOf(test);
    assertThat(train.size() + test.size()).isGreaterThan(5000); // IPA fonts draw about 9,500
    assertThat(splits.train().size()).isEqualTo(2 * train.size());
    assertThat(splits.query().size()).isEqualTo(2 * test.size());
    for (long cp : train) {
      assertThat(cp).isBetween((long) Glyphs.FIRST_CODE_POINT, (long) Glyphs.LAST_CODE_POINT);
      assertThat(Glyphs.hash(cp) & 1).isZero();
    }
    assertThat(splits.train().itemShape().getShape()).containsExactly(1, 16, 16);
    float[] norm = {
      splits.train().normalisation().mean()[0], splits.train().normalisation().std()[0]
    };
    assertThat(norm[0]).isBetween(0.05f, 0.6f);
    assertThat(norm[1]).isBetween(0.1f, 0.6f);
  }

  @Test
  void classesAndEvaluationItemsAreLimitedStably() {
    requireFonts(Glyphs.DEFAULT_FACES.subList(0, 4));
    List<String> four = Glyphs.DEFAULT_FACES.subList(0, 4);
    RetrievalSplits small = Datasets.open(options(four, 30, 2));
    assertThat(classes(small.train())).hasSize(30);
    assertThat(small.train().size()).isEqualTo(30 * 4);
    assertThat(classes(small.query())).hasSize(30);
    assertThat(small.query().size()).isEqualTo(30 * 2);
    RetrievalSplits larger = Datasets.open(options(four, 60, 0));
    assertThat(classes(larger.train())).containsAll(classes(small.train()));
    assertThat(larger.query().size()).isEqualTo(60 * 4);
    RetrievalSplits again = Datasets.open(options(four, 30, 2));
    assertThat(again.query().labels()).containsExactly(small.query().labels());
    float[] a = small.query().loadFloats(new int[] {0, 1, 7}, false, null);
    float[] b = again.query().loadFloats(new int[] {0, 1, 7}, false, null);
    assertThat(a).containsExactly(b);
  }

  @Test
  void renderingIsCachedAndReadBackIdentically() throws Exception {
    requireFonts(TWO);
    List<Glyphs.Face> faces = Glyphs.faces(TWO, FONTS);
    Glyphs.Rendering first = Glyphs.rendered(faces, FONTS, 12);
    try (var files = Files.list(cache)) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith("glyphs-")).count())
          .isPositive();
    }
    Glyphs.Rendering cached = Glyphs.rendered(faces, FONTS, 12);
    assertThat(cached.codePoints()).containsExactly(first.codePoints());
    assertThat(Arrays.equals(cached.pixels(), first.pixels())).isTrue();
  }

  @Test
  void emptyOutlinesAreNotDrawn() throws Exception {
    requireFonts(List.of("seto", "ipa-gothic"));
    Font seto =
        Font.createFonts(FONTS.resolve("truetype/seto/setofont.ttf").toFile())[0].deriveFont(28f);
    BufferedImage canvas = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    assertThat(seto.canDisplay(0x8730)).isTrue(); // mapped, but to an empty outline
    assertThat(Glyphs.drawGlyph(seto, 0x8730, canvas)).isFalse();
    assertThat(Glyphs.drawGlyph(seto, 0x4E00, canvas)).isTrue();
    Glyphs.Rendering r =
        Glyphs.rendered(Glyphs.faces(List.of("seto", "ipa-gothic"), FONTS), FONTS, 12);
    assertThat(r.codePoints()).doesNotContain(0x8730).contains(0x4E00);
  }

  @Test
  void missingFontsNameTheirPackages(@TempDir Path empty) {
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("glyphs", empty).withGlyphs(TWO, 0, 0)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("apt-get install fonts-ipafont-gothic fonts-ipafont-mincho")
        .hasMessageContaining("ipa-gothic (");
  }

  @Test
  void unknownOrTooFewFacesAreErrors() {
    assertThatThrownBy(() -> Glyphs.faces(List.of("comic-sans", "ipa-gothic"), FONTS))
        .hasMessageContaining("unknown face comic-sans")
        .hasMessageContaining("known faces: ipa-gothic, ipa-mincho");
    assertThatThrownBy(() -> Glyphs.faces(List.of("ipa-gothic"), FONTS))
        .hasMessageContaining("at least 2 faces");
    assertThatThrownBy(() -> options(TWO, 0, 1)).hasMessageContaining("glyphEvalItemsPerClass");
  }

  @Test
  void evaluationFacesAreAStableSortedSubset() {
    Set<String> seen = new HashSet<>();
    for (int cp = 0x4E00; cp < 0x4E40; cp++) {
      int[] kept = Glyphs.evaluationFaces(cp, 23, 4);
      assertThat(kept).hasSize(4).isSorted().doesNotHaveDuplicates();
      assertThat(kept).containsExactly(Glyphs.evaluationFaces(cp, 23, 4));
      seen.add(Arrays.toString(kept));
    }
    assertThat(seen.size()).isGreaterThan(40); // different classes keep different faces
    assertThat(Glyphs.evaluationFaces(0x4E00, 5, 9)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Glyphs.DEFAULT_FACES).hasSize(23).doesNotContain("aoyagi-kouzan-t");
  }
}

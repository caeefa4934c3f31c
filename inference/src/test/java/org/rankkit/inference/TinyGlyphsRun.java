package org.rankkit.inference;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Glyphs;
import org.rankkit.testkit.InstalledData;
import org.rankkit.trainer.TrainingListener;
import org.rankkit.trainer.TrainingResult;
import org.rankkit.trainer.TrainingRun;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * A training run of a few seconds on the installed glyph fonts (16-pixel images, 24 classes). A
 * small CNN of width 16 and 64 dimensions: narrower ones (width 4 or 8) often end in NaN
 * similarities after a few steps on this data, also on the base commit (see the report of issue
 * 14).
 */
final class TinyGlyphsRun {

  static final List<String> FACES =
      List.of("ipa-gothic", "ipa-mincho", "noto-sans-cjk", "noto-serif-cjk");

  private TinyGlyphsRun() {}

  /** Skips the test outside CI when the fonts are missing (fails in CI). */
  static void requireFonts() {
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> FACES.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream()
            .map(f -> Path.of(DataOptions.GLYPHS_DEFAULT_DIR).resolve(f.file()))
            .toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
  }

  /** The run's configuration, with extra keys. */
  static TrainingConfig config(Map<String, Object> extra) {
    Map<String, Object> m = new HashMap<>();
    m.put("loss", "recall-at-k");
    m.put("dataset", "glyphs");
    m.put("glyphFonts", FACES);
    m.put("glyphClasses", 24);
    m.put("imageSize", 16);
    m.put("cnnWidth", 16);
    m.put("dim", 64);
    m.put("epochs", 1);
    m.put("batch", 32);
    m.put("loaderThreads", 1);
    m.put("evalKs", List.of(1, 2));
    m.put("evalBatch", 32);
    m.putAll(extra);
    return TrainingConfig.fromMap(m);
  }

  /** Trains into {@code dir}. */
  static TrainingResult train(Path dir, Map<String, Object> extra) throws Exception {
    return TrainingRun.run(config(extra), PluginRegistry.discover(), dir, TrainingListener.NONE);
  }
}

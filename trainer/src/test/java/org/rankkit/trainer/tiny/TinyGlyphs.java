package org.rankkit.trainer.tiny;

import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * Training runs of a few seconds on the installed glyph fonts: four faces, 24 classes, 16-pixel
 * images, a small CNN of width 16 and one loader thread. Narrower CNNs (width 4 or 8) often end in
 * NaN similarities after a few steps on this data, also on the base commit (see the report of issue
 * 14).
 */
public final class TinyGlyphs {

  /** The four faces the runs draw (installed by the fonts-ipafont and fonts-noto-cjk packages). */
  public static final List<String> FACES =
      List.of("ipa-gothic", "ipa-mincho", "noto-sans-cjk", "noto-serif-cjk");

  private TinyGlyphs() {}

  /**
   * Skips the calling test outside CI when the fonts of {@link #FACES} are missing (fails in CI).
   */
  public static void requireFonts() {
    List<Glyphs.Face> chosen = Glyphs.FACES.stream().filter(f -> FACES.contains(f.name())).toList();
    InstalledData.require(
        "the glyphs fonts",
        chosen.stream()
            .map(f -> Path.of(DataOptions.GLYPHS_DEFAULT_DIR).resolve(f.file()))
            .toList(),
        chosen.stream().map(Glyphs.Face::debianPackage).distinct().toList());
  }

  /**
   * The data and model settings every tiny glyphs run shares, then {@code extra} (which wins).
   *
   * @param extra further or other settings
   * @return the settings
   */
  public static Map<String, Object> settings(Map<String, ?> extra) {
    Map<String, Object> m =
        new LinkedHashMap<>(
            Map.of(
                "dataset", "glyphs",
                "glyphFonts", FACES,
                "glyphClasses", 24,
                "imageSize", 16,
                "cnnWidth", 16,
                "loaderThreads", 1));
    m.putAll(extra);
    return m;
  }

  /**
   * One epoch of recall-at-k with 64-dimensional embeddings, batches of 32, evaluated at k 1 and 2
   * in batches of 32, then {@code extra} (which wins).
   *
   * @param extra further or other settings
   * @return the settings
   */
  public static Map<String, Object> recallRun(Map<String, ?> extra) {
    Map<String, Object> m =
        settings(
            Map.of(
                "loss", "recall-at-k",
                "dim", 64,
                "epochs", 1,
                "batch", 32,
                "evalKs", List.of(1, 2),
                "evalBatch", 32));
    m.putAll(extra);
    return m;
  }

  /**
   * {@link #recallRun}'s configuration.
   *
   * @param extra further or other settings
   * @return the validated configuration
   */
  public static TrainingConfig recallConfig(Map<String, ?> extra) {
    return TrainingConfig.fromMap(recallRun(extra));
  }

  /**
   * Trains {@link #recallRun} into {@code dir} with the plugins of the class path.
   *
   * @param dir the run directory
   * @param extra further or other settings
   * @return the run's result
   * @throws Exception what the run throws
   */
  public static TrainingResult trainRecall(Path dir, Map<String, ?> extra) throws Exception {
    return TrainingRun.run(
        recallConfig(extra), PluginRegistry.discover(), dir, TrainingListener.NONE);
  }
}

package org.rankkit.trainer.tiny;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.data.DataOptions;
import org.rankkit.testkit.InstalledData;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * Short training runs on small subsets of the real Fashion-MNIST files (installed by the Debian
 * package dataset-fashion-mnist, as .ci/run does): recall-at-k, batches of 60, a CNN of width 16,
 * 16-dimensional embeddings, one loader thread.
 */
public final class TinyFashionMnist {

  private TinyFashionMnist() {}

  /** Skips the calling test outside CI when Fashion-MNIST is not installed (fails in CI). */
  public static void requireInstalled() {
    Path dir = Path.of(DataOptions.FASHION_MNIST_DEFAULT_DIR);
    InstalledData.require(
        "Fashion-MNIST",
        List.of(dir.resolve("train-images-idx3-ubyte.gz")),
        List.of("dataset-fashion-mnist"));
  }

  /**
   * The settings every tiny Fashion-MNIST run shares, then each of {@code layers} in order (a later
   * one wins): the subset sizes, epochs and evaluation schedule are each test's own.
   *
   * @param layers further or other settings
   * @return the validated configuration
   */
  @SafeVarargs
  public static TrainingConfig config(Map<String, ?>... layers) {
    Map<String, Object> m =
        new LinkedHashMap<>(
            Map.of(
                "loss", "recall-at-k", "batch", 60, "cnnWidth", 16, "dim", 16, "loaderThreads", 1));
    for (Map<String, ?> layer : layers) {
      m.putAll(layer);
    }
    return TrainingConfig.fromMap(m);
  }
}

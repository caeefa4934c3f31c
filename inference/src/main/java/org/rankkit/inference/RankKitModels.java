package org.rankkit.inference;

import ai.djl.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.rankkit.eval.ExactIndex;

/**
 * Entry point for using trained models, beside {@link org.rankkit.api.RankKit} (which creates
 * plugins): {@code RankKit} lives in the {@code api} module, which plugins depend on and which
 * cannot reach the trainer's network assembly, so model loading has its own facade here.
 *
 * <pre>{@code
 * try (Embedder embedder = RankKitModels.embedder(Path.of("model"))) {
 *   ExactIndex index = RankKitModels.index(embedder.embedFiles(catalogue), ids);
 *   List<ExactIndex.Hits> hits = index.search(embedder.embedFiles(queries), 10);
 * }
 * }</pre>
 */
public final class RankKitModels {

  private RankKitModels() {}

  /**
   * Loads an exported model (GPU when the engine sees one, else CPU).
   *
   * @param modelDir a directory written by {@code rankkit export}
   * @return the embedder (close it)
   * @throws IOException when reading fails
   */
  public static Embedder embedder(Path modelDir) throws IOException {
    return Embedder.load(modelDir);
  }

  /**
   * Loads an exported model onto a device.
   *
   * @param modelDir a directory written by {@code rankkit export}
   * @param device the device
   * @return the embedder (close it)
   * @throws IOException when reading fails
   */
  public static Embedder embedder(Path modelDir, Device device) throws IOException {
    return Embedder.load(modelDir, device);
  }

  /**
   * Builds an exact index of gallery embeddings.
   *
   * @param gallery one row per item
   * @param ids one distinct id per row
   * @return the index
   */
  public static ExactIndex index(float[][] gallery, List<String> ids) {
    return ExactIndex.of(gallery, ids);
  }
}

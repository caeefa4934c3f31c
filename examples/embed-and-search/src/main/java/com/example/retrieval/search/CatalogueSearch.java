package com.example.retrieval.search;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rankkit.eval.ExactIndex;
import org.rankkit.inference.Embedder;
import org.rankkit.inference.ImageList;
import org.rankkit.inference.RankKitModels;

/**
 * Embeds every image of a folder with an exported RankKit model and finds, for each image, the
 * most similar other images of the folder.
 *
 * <pre>
 * mvn -q exec:java -Dexec.args="MODEL_DIR IMAGE_FOLDER 5"   (or run main from an IDE)
 * </pre>
 */
public final class CatalogueSearch {

  private CatalogueSearch() {}

  /**
   * Embeds the folder and searches it with each of its images (leave-one-out: an image does not
   * find itself).
   *
   * @param modelDir a directory written by {@code rankkit export}
   * @param folder images, searched recursively
   * @param k results per image
   * @return the folder's ids (relative paths) and, per image, its results
   * @throws IOException when the model or an image cannot be read
   */
  public static Catalogue search(Path modelDir, Path folder, int k) throws IOException {
    ImageList images = ImageList.folder(folder);
    try (Embedder embedder = RankKitModels.embedder(modelDir)) {
      float[][] embeddings = embedder.embedFiles(images.files());
      ExactIndex index = RankKitModels.index(embeddings, images.ids());
      return new Catalogue(images.ids(), embeddings, index.searchEachOther(k));
    }
  }

  /**
   * The embedded folder and its search results.
   *
   * @param ids the images' relative paths
   * @param embeddings one row per image
   * @param hits per image, its most similar other images
   */
  public record Catalogue(List<String> ids, float[][] embeddings, List<ExactIndex.Hits> hits) {}

  /**
   * Prints each image's results.
   *
   * @param args MODEL_DIR IMAGE_FOLDER [K]
   * @throws IOException when reading fails
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CatalogueSearch MODEL_DIR IMAGE_FOLDER [K]");
      System.exit(2);
    }
    int k = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Catalogue catalogue = search(Path.of(args[0]), Path.of(args[1]), k);
    for (int i = 0; i < catalogue.ids().size(); i++) {
      StringBuilder line = new StringBuilder(catalogue.ids().get(i)).append(" ->");
      ExactIndex.Hits hits = catalogue.hits().get(i);
      for (int r = 0; r < hits.ids().size(); r++) {
        line.append(String.format(Locale.ROOT, "  %s (%.3f)", hits.ids().get(r), hits.scores()[r]));
      }
      System.out.println(line);
    }
  }
}

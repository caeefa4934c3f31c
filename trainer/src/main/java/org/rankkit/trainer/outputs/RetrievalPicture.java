package org.rankkit.trainer.outputs;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.rankkit.data.ImageSet;
import org.rankkit.data.Normalisation;
import org.rankkit.eval.ExactIndex;
import org.rankkit.eval.io.Matrix;

/**
 * {@code retrieval.png}: a fixed set of evaluation queries, each followed by its top results, every
 * result framed green when its label equals the query's and red otherwise.
 *
 * <p>The queries are chosen by a fixed seed ({@link #SEED}) from the evaluation split's size alone,
 * so every run on the same split shows the same queries, which is what lets {@code rankkit compare}
 * put runs side by side. Results come from {@link ExactIndex}, so they are exactly the evaluation's
 * ranking (leave-one-out: the query itself is left out). Drawn with Java2D (the library JFreeChart
 * draws the charts with) and written with {@code javax.imageio}.
 */
public final class RetrievalPicture {

  /** The file name in a run directory. */
  public static final String FILE = "retrieval.png";

  /** Queries shown (fewer when the split is smaller). */
  public static final int QUERIES = 12;

  /** Results shown per query. */
  public static final int TOP = 8;

  /** The seed that chooses the queries. */
  public static final long SEED = 14;

  /** Frame of a result with the query's label. */
  public static final Color SAME = new Color(0x1a9641);

  /** Frame of a result with another label. */
  public static final Color OTHER = new Color(0xd7191c);

  private static final Color QUERY = new Color(0x2b2b2b);
  private static final int BORDER = 4;
  private static final int GAP = 6;

  private RetrievalPicture() {}

  /**
   * Chooses the queries: {@code min(QUERIES, size)} distinct items by a shuffle seeded with {@link
   * #SEED}, in ascending order.
   *
   * @param size the number of evaluation queries
   * @return item indices
   */
  public static int[] queries(int size) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    int count = Math.min(QUERIES, size);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] chosen = java.util.Arrays.copyOf(all, count);
    java.util.Arrays.sort(chosen);
    return chosen;
  }

  /**
   * Ranks the chosen queries and draws the picture.
   *
   * @param file the PNG to write
   * @param query the evaluation queries (their evaluation transform is shown)
   * @param gallery the gallery, or null for leave-one-out on {@code query}
   * @param queryEmbeddings one row per item of {@code query}
   * @param galleryEmbeddings one row per item of {@code gallery}, or null for leave-one-out
   * @throws IOException when writing fails
   */
  public static void write(
      Path file, ImageSet query, ImageSet gallery, Matrix queryEmbeddings, Matrix galleryEmbeddings)
      throws IOException {
    boolean leaveOneOut = gallery == null;
    ImageSet db = leaveOneOut ? query : gallery;
    Matrix galleryRows = leaveOneOut ? queryEmbeddings : galleryEmbeddings;
    int[] chosen = queries(query.size());
    int k = Math.min(TOP, galleryRows.rows() - (leaveOneOut ? 1 : 0));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < galleryRows.rows(); i++) {
      ids.add(Integer.toString(i));
    }
    float[] rows = new float[chosen.length * queryEmbeddings.cols()];
    for (int q = 0; q < chosen.length; q++) {
      for (int c = 0; c < queryEmbeddings.cols(); c++) {
        rows[q * queryEmbeddings.cols() + c] = (float) queryEmbeddings.get(chosen[q], c);
      }
    }
    Matrix picked = new Matrix("queries", chosen.length, queryEmbeddings.cols(), rows, null);
    List<ExactIndex.Hits> hits =
        ExactIndex.of(galleryRows, ids).search(picked, Math.min(galleryRows.rows(), k + 1));
    int[][] results = new int[chosen.length][];
    for (int q = 0; q < chosen.length; q++) {
      int self = chosen[q];
      results[q] =
          java.util.Arrays.stream(hits.get(q).indices())
              .filter(j -> !(leaveOneOut && j == self))
              .limit(k)
              .toArray();
    }
    write(file, query, chosen, db, results);
  }

  /**
   * Draws given rankings.
   *
   * @param file the PNG to write
   * @param query the evaluation queries
   * @param chosen the query items, one row each
   * @param db the items the results index
   * @param results per row, the result items best first
   * @throws IOException when writing fails
   */
  public static void write(Path file, ImageSet query, int[] chosen, ImageSet db, int[][] results)
      throws IOException {
    int side = (int) query.itemShape().get(1);
    int tile = side < 48 ? side * Math.max(1, 64 / side) : Math.min(side, 96);
    int cell = tile + 2 * BORDER;
    int header = 22;
    int width = cell + 3 * GAP + TOP * (cell + GAP);
    int height = header + chosen.length * (cell + GAP) + GAP;
    BufferedImage canvas = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_INTERPOLATION,
          side < tile
              ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
              : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setColor(Color.BLACK);
      g.drawString("query", GAP, 15);
      g.drawString("top " + TOP + " (green: same label, red: other label)", cell + 3 * GAP, 15);
      g.setStroke(new BasicStroke(BORDER));
      for (int q = 0; q < chosen.length; q++) {
        int y = header + q * (cell + GAP);
        long label = query.label(chosen[q]);
        tile(g, query, chosen[q], GAP, y, tile, QUERY);
        for (int r = 0; r < results[q].length; r++) {
          int x = cell + 3 * GAP + r * (cell + GAP);
          tile(g, db, results[q][r], x, y, tile, db.label(results[q][r]) == label ? SAME : OTHER);
        }
      }
    } finally {
      g.dispose();
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    if (!ImageIO.write(canvas, "png", tmp.toFile())) {
      throw new IOException("no PNG writer for " + file);
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void tile(
      Graphics2D g, ImageSet set, int item, int x, int y, int tile, Color frame) {
    g.setColor(frame);
    g.fillRect(x, y, tile + 2 * BORDER, tile + 2 * BORDER);
    g.drawImage(image(set, item), x + BORDER, y + BORDER, tile, tile, null);
  }

  /**
   * Renders one item's evaluation input back to pixels (the normalisation undone).
   *
   * @param set the split
   * @param item the item
   * @return an RGB image of the network's input side
   */
  public static BufferedImage image(ImageSet set, int item) {
    int channels = (int) set.itemShape().get(0);
    int h = (int) set.itemShape().get(1);
    int w = (int) set.itemShape().get(2);
    float[] x = new float[set.itemLength()];
    set.loadInto(item, false, null, x, 0);
    Normalisation n = set.normalisation();
    float[] mean = n.mean();
    float[] std = n.std();
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    int plane = h * w;
    for (int p = 0; p < plane; p++) {
      int[] v = new int[3];
      for (int c = 0; c < 3; c++) {
        int src = Math.min(c, channels - 1);
        float value = x[src * plane + p] * std[src] + mean[src];
        v[c] = Math.max(0, Math.min(255, Math.round(value * 255f)));
      }
      image.setRGB(p % w, p / w, (v[0] << 16) | (v[1] << 8) | v[2]);
    }
    return image;
  }
}

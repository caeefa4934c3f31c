package org.rankkit.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.rankkit.eval.io.Matrix;

/**
 * Exact nearest-neighbour search of a gallery by cosine similarity: the search that {@code rankkit
 * eval} ranks with, as a library.
 *
 * <p>Rows are L2-normalised, then every query is compared with every gallery item chunk by chunk
 * ({@link EvalConfig#queryChunk()} × {@link EvalConfig#galleryChunk()} similarities at a time, so
 * memory stays bounded for any gallery size). The ranking is exactly the evaluation's: by
 * descending similarity computed in double precision in a fixed order, ties to the lower gallery
 * index; it does not depend on chunk sizes, threads or device.
 *
 * <pre>{@code
 * ExactIndex index = ExactIndex.of(galleryMatrix, galleryIds);
 * List<ExactIndex.Hits> hits = index.search(queryMatrix, 10);
 * String best = hits.get(0).ids().get(0);
 * }</pre>
 *
 * <p>Immutable and thread-safe: each search opens and closes its own engine arrays.
 */
public final class ExactIndex {

  private final Matrix gallery;
  private final List<String> ids;
  private final EvalConfig config;
  private final Device device;

  private ExactIndex(Matrix gallery, List<String> ids, EvalConfig config, Device device) {
    this.gallery = gallery;
    this.ids = ids;
    this.config = config;
    this.device = device;
  }

  /**
   * The best gallery items of one query, best first.
   *
   * @param indices gallery row indices
   * @param ids their ids
   * @param scores their cosine similarities to the query
   */
  public record Hits(int[] indices, List<String> ids, double[] scores) {

    /**
     * Copies the arrays.
     *
     * @param indices gallery row indices
     * @param ids their ids
     * @param scores their cosine similarities to the query
     */
    public Hits {
      indices = indices.clone();
      ids = List.copyOf(ids);
      scores = scores.clone();
    }

    /** {@return a copy of the gallery row indices, best first} */
    @Override
    public int[] indices() {
      return indices.clone();
    }

    /** {@return a copy of the similarities, best first} */
    @Override
    public double[] scores() {
      return scores.clone();
    }
  }

  /**
   * Builds an index on the CPU with the evaluation's default chunks.
   *
   * @param gallery gallery embeddings, one row per item
   * @param ids one distinct id per row
   * @return the index
   * @throws IllegalArgumentException when the ids do not match the rows, repeat, or a row cannot be
   *     normalised (zero, NaN or infinite)
   */
  public static ExactIndex of(Matrix gallery, List<String> ids) {
    return of(gallery, ids, EvalConfig.defaults(), Device.cpu());
  }

  /**
   * Builds an index.
   *
   * @param gallery gallery embeddings, one row per item
   * @param ids one distinct id per row
   * @param config its chunk sizes and threads are used
   * @param device where similarities are computed
   * @return the index
   * @throws IllegalArgumentException when the ids do not match the rows, repeat, or a row cannot be
   *     normalised (zero, NaN or infinite)
   */
  public static ExactIndex of(Matrix gallery, List<String> ids, EvalConfig config, Device device) {
    Objects.requireNonNull(gallery, "gallery");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(device, "device");
    List<String> copy = List.copyOf(ids);
    if (copy.size() != gallery.rows()) {
      throw new IllegalArgumentException(
          gallery.source()
              + " has "
              + gallery.rows()
              + " rows but there are "
              + copy.size()
              + " gallery ids; give one id per row");
    }
    Set<String> seen = new HashSet<>();
    for (String id : copy) {
      if (!seen.add(id)) {
        throw new IllegalArgumentException(
            "gallery id '" + id + "' appears twice; ids must be distinct");
      }
    }
    gallery.requireNormalisableRows();
    return new ExactIndex(gallery, copy, config, device);
  }

  /**
   * Builds a CPU index from rows in memory.
   *
   * @param rows gallery embeddings, all of the same length
   * @param ids one distinct id per row
   * @return the index
   * @throws IllegalArgumentException as {@link #of(Matrix, List)}, or for ragged rows
   */
  public static ExactIndex of(float[][] rows, List<String> ids) {
    return of(matrix("gallery", rows), ids);
  }

  /**
   * Packs rows into a matrix.
   *
   * @param name names the matrix in messages
   * @param rows rows of equal length
   * @return the matrix
   * @throws IllegalArgumentException for no rows or ragged rows
   */
  public static Matrix matrix(String name, float[][] rows) {
    if (rows.length == 0) {
      throw new IllegalArgumentException(name + " has no rows");
    }
    int cols = rows[0].length;
    float[] flat = new float[Math.multiplyExact(rows.length, cols)];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw new IllegalArgumentException(
            name + " row " + i + " has " + rows[i].length + " values but row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, flat, i * cols, cols);
    }
    return new Matrix(name, rows.length, cols, flat, null);
  }

  /** {@return the number of gallery items} */
  public int size() {
    return gallery.rows();
  }

  /** {@return the embedding size} */
  public int dim() {
    return gallery.cols();
  }

  /** {@return the gallery ids, in row order} */
  public List<String> ids() {
    return ids;
  }

  /**
   * Searches the gallery for each query row.
   *
   * @param queries query embeddings with the gallery's number of columns
   * @param k results per query, 1 ≤ k ≤ gallery size
   * @return one {@link Hits} per query, in query order
   * @throws IllegalArgumentException for a wrong k or dimension, or a row that cannot be normalised
   */
  public List<Hits> search(Matrix queries, int k) {
    if (queries.cols() != gallery.cols()) {
      throw new IllegalArgumentException(
          queries.source()
              + " has "
              + queries.cols()
              + " columns but the gallery has "
              + gallery.cols()
              + "; queries and gallery need the same dimension");
    }
    queries.requireNormalisableRows();
    return run(queries, k, false);
  }

  /**
   * Searches the gallery for each query row.
   *
   * @param queries query embeddings with the gallery's number of columns
   * @param k results per query, 1 ≤ k ≤ gallery size
   * @return one {@link Hits} per query
   */
  public List<Hits> search(float[][] queries, int k) {
    return search(matrix("queries", queries), k);
  }

  /**
   * Leave-one-out search, the protocol of {@code rankkit eval} without {@code --queries}: every
   * gallery item queries all the others.
   *
   * @param k results per query, 1 ≤ k ≤ gallery size − 1
   * @return one {@link Hits} per gallery item, in row order
   * @throws IllegalArgumentException for a wrong k
   */
  public List<Hits> searchEachOther(int k) {
    return run(gallery, k, true);
  }

  private List<Hits> run(Matrix queries, int k, boolean leaveOneOut) {
    int db = leaveOneOut ? gallery.rows() - 1 : gallery.rows();
    if (k < 1 || k > db) {
      throw new IllegalArgumentException(
          "k must be between 1 and "
              + db
              + " (the gallery"
              + (leaveOneOut ? " minus the query itself" : "")
              + "), got "
              + k);
    }
    int n = queries.rows();
    int[][] idx = new int[n][];
    double[][] scores = new double[n][];
    try (NDManager manager = NDManager.newBaseManager(device)) {
      NDArray q = RetrievalEvaluator.normalise(queries.toNDArray(manager), "queries", manager);
      NDArray g =
          leaveOneOut
              ? q
              : RetrievalEvaluator.normalise(gallery.toNDArray(manager), "gallery", manager);
      new ChunkedSearch(
              q, new long[n], g, new long[gallery.rows()], leaveOneOut, config, () -> false)
          .topK(k, idx, scores);
    }
    List<Hits> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      List<String> names = new ArrayList<>(idx[i].length);
      for (int j : idx[i]) {
        names.add(ids.get(j));
      }
      out.add(new Hits(idx[i], names, scores[i]));
    }
    return out;
  }
}

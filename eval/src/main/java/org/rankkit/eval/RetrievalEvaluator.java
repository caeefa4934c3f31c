package org.rankkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.metric.ClusteringMetric;
import org.rankkit.api.metric.RankingMetric;
import org.rankkit.api.metric.RetrievalMetric;

/**
 * Exact retrieval evaluation of an embedding matrix (docs/numeric-spec.md, "Retrieval metrics").
 *
 * <p>Rows are L2-normalised, similarity is cosine, and each query's gallery is ranked by descending
 * similarity with ties going to the lower gallery index. Similarities are computed on the device of
 * the given arrays, one chunk of {@link EvalConfig#queryChunk()} queries against one chunk of
 * {@link EvalConfig#galleryChunk()} gallery items at a time: the N × N matrix is never held. The
 * metrics come from {@link EvalConfig#metrics()}, built-in or from a plugin ({@link
 * RetrievalMetric}): when no ranking metric needs every positive's rank, a running top list per
 * query, as deep as the deepest metric reads (the largest k, or the query's R), gives every ranking
 * metric; when one does (as {@code map} does), the exact rank of every positive is counted in the
 * same chunked pass. Near-ties are decided by a chunk-independent (canonical) similarity, so
 * results are identical for every chunk size and thread count. float64 (and integer) inputs are
 * evaluated in float64, everything else in float32. Clustering metrics (NMI) run after the search,
 * on the query rows (every item in leave-one-out).
 *
 * <p>On the CPU, {@link EvalConfig#threads()} workers each run their own similarity chunks; this is
 * fastest with one PyTorch intra-op thread ({@code -Dai.djl.pytorch.num_threads=1}, which {@code
 * rankkit eval} sets), and still correct with more.
 *
 * <p>An evaluator made with a stop check asks it before every similarity chunk and throws {@link
 * EvaluationStoppedException} as soon as it answers true, so Ctrl-C is honoured within a chunk's
 * time (well under a second at the default chunk sizes) instead of after the whole evaluation.
 *
 * <p>Instances are stateless and thread-safe; the input arrays are not modified or closed.
 */
public final class RetrievalEvaluator {

  private final BooleanSupplier stop;

  /** Creates an evaluator that always runs to the end. */
  public RetrievalEvaluator() {
    this(() -> false);
  }

  /**
   * Creates an evaluator that gives up when {@code stop} answers true.
   *
   * @param stop asked before every similarity chunk (from several threads); true abandons the
   *     evaluation with {@link EvaluationStoppedException}
   */
  public RetrievalEvaluator(BooleanSupplier stop) {
    if (stop == null) {
      throw new IllegalArgumentException("stop must not be null");
    }
    this.stop = stop;
  }

  /**
   * Leave-one-out protocol: every item queries all other items.
   *
   * @param embeddings N × d embeddings (any float or integer type), on the device to compute on
   * @param labels N integer labels
   * @param config what to compute
   * @return the metrics, with {@code queries = N}
   * @throws IllegalArgumentException on mismatched sizes, NaN/infinite or zero rows, or a k larger
   *     than the gallery (N − 1)
   */
  public EvaluationResult leaveOneOut(NDArray embeddings, long[] labels, EvalConfig config) {
    return evaluate(embeddings, labels, null, null, config);
  }

  /**
   * Query/gallery protocol: every query against the whole gallery (no exclusion).
   *
   * @param queries Q × d query embeddings
   * @param queryLabels Q integer labels
   * @param gallery G × d gallery embeddings, on the same device as the queries
   * @param galleryLabels G integer labels
   * @param config what to compute
   * @return the metrics, with {@code queries = Q}
   * @throws IllegalArgumentException on mismatched sizes, NaN/infinite or zero rows, or a k larger
   *     than the gallery
   */
  public EvaluationResult queryGallery(
      NDArray queries,
      long[] queryLabels,
      NDArray gallery,
      long[] galleryLabels,
      EvalConfig config) {
    if (queries == null || gallery == null) {
      throw new IllegalArgumentException("queries and gallery must not be null");
    }
    return evaluate(queries, queryLabels, gallery, galleryLabels, config);
  }

  private EvaluationResult evaluate(
      NDArray queries,
      long[] queryLabels,
      NDArray gallery,
      long[] separateGalleryLabels,
      EvalConfig config) {
    long start = System.nanoTime();
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    boolean leaveOneOut = gallery == null;
    String qName = leaveOneOut ? "embeddings" : "queries";
    checkMatrix(queries, queryLabels, qName);
    if (!leaveOneOut) {
      checkMatrix(gallery, separateGalleryLabels, "gallery");
      long dq = queries.getShape().get(1);
      long dg = gallery.getShape().get(1);
      if (dq != dg) {
        throw new IllegalArgumentException(
            "queries have "
                + dq
                + " columns but the gallery has "
                + dg
                + "; both need the same dimension");
      }
    }
    int numQueries = queryLabels.length;
    long[] galleryLabels = leaveOneOut ? queryLabels : separateGalleryLabels;
    int gallerySize = leaveOneOut ? numQueries - 1 : galleryLabels.length;
    if (gallerySize < 1) {
      throw new IllegalArgumentException(
          "leave-one-out needs at least 2 items, got "
              + numQueries
              + " (the gallery of each query is empty)");
    }
    if (config.requiredGallery() > gallerySize) {
      throw new IllegalArgumentException(
          "k="
              + config.requiredGallery()
              + " is larger than the gallery ("
              + gallerySize
              + " items"
              + (leaveOneOut ? ", N - 1 in leave-one-out" : "")
              + ")");
    }

    Map<String, Double> metrics = new LinkedHashMap<>();
    Set<String> overEveryQuery = new HashSet<>();
    int validQueries;
    try (NDManager scope = queries.getManager().newSubManager()) {
      NDArray q = normalise(queries, qName, scope);
      NDArray g = leaveOneOut ? q : normalise(gallery, "gallery", scope);
      Map<String, Double> ranked = Map.of();
      if (config.rankingMetrics().isEmpty()) {
        validQueries = LabelStructure.of(queryLabels, galleryLabels, leaveOneOut).validCount();
      } else {
        RankingScores scores =
            new ChunkedSearch(q, queryLabels, g, galleryLabels, leaveOneOut, config, stop).run();
        validQueries = scores.validQueries();
        ranked = scores.means();
      }
      if (stop.getAsBoolean()) {
        throw new EvaluationStoppedException();
      }
      for (RetrievalMetric metric : config.metrics()) {
        List<String> keys = metric.keys(config.ks());
        if (metric instanceof RankingMetric ranking) {
          for (String key : keys) {
            metrics.put(key, ranked.get(key));
          }
          if (ranking.averagedOverEveryQuery()) {
            overEveryQuery.addAll(keys);
          }
        } else {
          ClusteringMetric clustering = (ClusteringMetric) metric; // the only other kind (sealed)
          metrics.put(keys.get(0), clustering.value(q, queryLabels, config.nmiSeed()));
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new EvaluationResult(metrics, numQueries, validQueries, seconds, overEveryQuery);
  }

  private static void checkMatrix(NDArray x, long[] labels, String name) {
    if (x == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (labels == null) {
      throw new IllegalArgumentException(name + ": labels must not be null");
    }
    Shape shape = x.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalArgumentException(
          name + " must be a 2-D matrix (items × dimensions), got shape " + shape);
    }
    if (shape.get(0) == 0 || shape.get(1) == 0) {
      throw new IllegalArgumentException(name + " is empty (shape " + shape + ")");
    }
    if (shape.get(0) != labels.length) {
      throw new IllegalArgumentException(
          name
              + " has "
              + shape.get(0)
              + " rows but "
              + labels.length
              + " labels; they must match");
    }
  }

  /**
   * L2-normalises the rows, in float64 for float64 and integer inputs, float32 otherwise.
   *
   * @throws IllegalArgumentException naming the first row that is zero or not finite
   */
  static NDArray normalise(NDArray x, String name, NDManager scope) {
    DataType type = x.getDataType();
    DataType compute =
        type == DataType.FLOAT64 || type == DataType.INT64 || type == DataType.INT32
            ? DataType.FLOAT64
            : DataType.FLOAT32;
    NDArray typed = x.toType(compute, true); // a new array, so the caller's one is never closed
    typed.attach(scope);
    NDArray norms = typed.norm(new int[] {1});
    double[] n = norms.toType(DataType.FLOAT64, false).toDoubleArray();
    boolean extreme = false;
    for (double v : n) {
      extreme |= !Double.isFinite(v) || v == 0;
    }
    if (extreme) {
      // a norm that overflows or underflows may still belong to a finite, non-zero row (e.g.
      // 3e38 in float32): divide every row by its largest magnitude first, then normalise
      NDArray maxAbs = typed.abs().max(new int[] {1});
      double[] m = maxAbs.toType(DataType.FLOAT64, false).toDoubleArray();
      for (int i = 0; i < m.length; i++) {
        if (!Double.isFinite(m[i])) {
          throw new IllegalArgumentException(
              name + " row " + i + " has a NaN or infinite value; every row must be finite");
        }
        if (m[i] == 0) {
          throw new IllegalArgumentException(
              name + " row " + i + " is a zero vector and cannot be L2-normalised");
        }
      }
      NDArray scaled = typed.div(maxAbs.expandDims(1));
      return scaled.div(scaled.norm(new int[] {1}).expandDims(1));
    }
    for (int i = 0; i < n.length; i++) {
      if (!Double.isFinite(n[i])) {
        throw new IllegalArgumentException(
            name + " row " + i + " has a NaN or infinite value; every row must be finite");
      }
      if (n[i] == 0) {
        throw new IllegalArgumentException(
            name + " row " + i + " is a zero vector and cannot be L2-normalised");
      }
    }
    return typed.div(norms.expandDims(1));
  }
}

package org.rankkit.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.RetrievalEvaluator;
import org.rankkit.eval.io.EmbeddingFiles;
import org.rankkit.eval.io.Matrix;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.Nmi;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit eval}: exact retrieval metrics of an embedding file. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description =
        "Exact retrieval metrics (recall@k, r_precision, map_at_r, map, nmi, or a metric from a"
            + " plugin jar) of embeddings with labels; rows are L2-normalised first (cosine similarity). Leave-one-out by default"
            + " (every item queries all others); with --queries and --query-labels, every query"
            + " against the --embeddings gallery. A query without a same-label gallery item counts as"
            + " a miss in recall@k and is skipped by the other metrics (both counts are printed);"
            + " --exclude-lone-queries skips it in recall@k too (pytorch-metric-learning's"
            + " denominators). FILE: .npy (float32, float64, int32, int64; C order) or .csv/.tsv (one"
            + " row per item, no header, decimal numbers, UTF-8).")
final class EvalCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--embeddings",
      required = true,
      paramLabel = "FILE",
      description = "Gallery embeddings (N x d); also the queries in leave-one-out.")
  private Path embeddings;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description = "N integer labels.")
  private Path labels;

  @Option(
      names = "--queries",
      paramLabel = "FILE",
      description = "Query embeddings (Q x d): query/gallery protocol.")
  private Path queries;

  @Option(names = "--query-labels", paramLabel = "FILE", description = "Q integer query labels.")
  private Path queryLabels;

  @Option(
      names = "--k",
      split = ",",
      paramLabel = "K",
      description = "k values of recall@k and the other @k metrics (default: 1,2,4,8).")
  private List<Integer> ks = new ArrayList<>(EvalConfig.DEFAULT_KS);

  @Option(
      names = "--metrics",
      split = ",",
      paramLabel = "ID",
      description =
          "Metric ids, in output order: the built-in "
              + RecallAtK.ID
              + ", "
              + RPrecision.ID
              + ", "
              + MapAtR.ID
              + ", "
              + MeanAveragePrecision.ID
              + ", "
              + Nmi.ID
              + " (_ may stand for -, as in r_precision),"
              + " or any metric that 'rankkit plugins' lists (default: "
              + RecallAtK.ID
              + ","
              + RPrecision.ID
              + ","
              + MapAtR.ID
              + ","
              + MeanAveragePrecision.ID
              + ").")
  private List<String> metrics;

  @Option(
      names = "--json",
      description =
          "Print one JSON object: each metric's values (recall@K..., r_precision, map_at_r, map; nmi only with --metrics ...,nmi), queries, validQueries, queriesWithoutPositive, seconds.")
  private boolean json;

  @Option(
      names = "--exclude-lone-queries",
      description =
          "Leave queries without a same-label gallery item out of recall@k too (pytorch-metric-learning's denominators); by default they count as misses.")
  private boolean excludeLoneQueries;

  @Option(names = "--device", paramLabel = "DEVICE", description = "cpu or gpu (default: cpu).")
  private String device = "cpu";

  @Option(
      names = {"--query-chunk", "--query-block"},
      paramLabel = "N",
      description =
          "Queries per similarity chunk (default: ${DEFAULT-VALUE}; --query-block is the old spelling).")
  private int queryChunk = EvalConfig.DEFAULT_QUERY_CHUNK;

  @Option(
      names = {"--gallery-chunk", "--gallery-block"},
      paramLabel = "N",
      description =
          "Gallery items per similarity chunk (default: ${DEFAULT-VALUE}; --gallery-block is the old spelling).")
  private int galleryChunk = EvalConfig.DEFAULT_GALLERY_CHUNK;

  @Mixin private WorkerThreadsOption threads;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "k-means seed of nmi (default: ${DEFAULT-VALUE}).")
  private long seed = 0;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if ((queries == null) != (queryLabels == null)) {
      throw new IllegalArgumentException(
          "--queries and --query-labels go together: give both or neither");
    }
    List<RetrievalMetric> wanted = metrics == null ? EvalConfig.DEFAULT_METRICS : resolve(metrics);
    EvalConfig config = new EvalConfig(ks, wanted, queryChunk, galleryChunk, seed, threads.count());
    Matrix db = EmbeddingFiles.readMatrix(embeddings);
    long[] galleryLabels = EmbeddingFiles.readLabels(labels);
    requireSameLength(db, embeddings, galleryLabels, labels);
    db.requireNormalisableRows();
    Matrix q = null;
    long[] qLabels = null;
    if (queries != null) {
      q = EmbeddingFiles.readMatrix(queries);
      qLabels = EmbeddingFiles.readLabels(queryLabels);
      requireSameLength(q, queries, qLabels, queryLabels);
      q.requireNormalisableRows();
      if (q.cols() != db.cols()) {
        throw new IllegalArgumentException(
            queries
                + " has "
                + q.cols()
                + " columns but "
                + embeddings
                + " has "
                + db.cols()
                + "; queries and gallery need the same dimension");
      }
    }
    int gallerySize = queries == null ? db.rows() - 1 : db.rows();
    if (config.requiredGallery() > gallerySize) {
      throw new IllegalArgumentException(
          "--k "
              + config.requiredGallery()
              + " is larger than the gallery of each query ("
              + gallerySize
              + " items in "
              + embeddings
              + (queries == null ? ", leave-one-out: N - 1" : "")
              + ")");
    }
    Device target = ComputeDevice.resolve(device);
    TorchThreads.onePerWorker(target);
    EvaluationResult result;
    try (NDManager manager = NDManager.newBaseManager(target)) {
      RetrievalEvaluator evaluator = new RetrievalEvaluator();
      NDArray galleryArray = db.toNDArray(manager);
      if (q == null) {
        result = evaluator.leaveOneOut(galleryArray, galleryLabels, config);
      } else {
        result =
            evaluator.queryGallery(
                q.toNDArray(manager), qLabels, galleryArray, galleryLabels, config);
      }
    }
    if (result.validQueries() == 0) {
      throw new IllegalArgumentException(
          "no query has a same-label item in the "
              + (queries == null ? "gallery" : "gallery")
              + " (0 of "
              + result.queries()
              + " queries have a positive), so every metric would be 0; "
              + (queries == null
                  ? "every label in "
                      + labels
                      + " appears once, but leave-one-out needs classes with at least 2 items"
                  : "check that " + queryLabels + " and " + labels + " use the same classes"));
    }
    if (excludeLoneQueries) {
      result = result.excludingLoneQueries();
    }
    if (q != null && sameData(q, qLabels, db, galleryLabels)) {
      context
          .err()
          .println(
              "rankkit: warning: the queries are the gallery (same embeddings and labels): each query finds"
                  + " itself at rank 1; omit --queries/--query-labels for leave-one-out");
      context.err().flush();
    }
    Printing.jsonOrTable(context.out(), json, result.toJson(), table(result, start));
    return 0;
  }

  private List<String[]> table(EvaluationResult result, long start) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"METRIC", "VALUE"});
    for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
      table.add(new String[] {e.getKey(), String.format(Locale.ROOT, "%.4f", e.getValue())});
    }
    table.add(new String[] {"queries", Integer.toString(result.queries())});
    table.add(new String[] {"valid queries (R >= 1)", Integer.toString(result.validQueries())});
    table.add(
        new String[] {
          "queries without a positive",
          (result.queries() - result.validQueries())
              + (excludeLoneQueries
                  ? " (left out of every metric)"
                  : " (misses in recall@k, skipped by the others)")
        });
    table.add(new String[] {"protocol", queries == null ? "leave-one-out" : "query/gallery"});
    table.add(
        new String[] {"seconds (search)", String.format(Locale.ROOT, "%.2f", result.seconds())});
    table.add(
        new String[] {
          "seconds (total)", String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9)
        });
    return table;
  }

  /**
   * The metrics of the given ids, each once, from the plugin registry ({@code _} stands for {@code
   * -}).
   */
  private List<RetrievalMetric> resolve(List<String> ids) {
    LinkedHashSet<String> unique = new LinkedHashSet<>();
    for (String id : ids) {
      unique.add(id.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    List<RetrievalMetric> resolved = new ArrayList<>();
    for (String id : unique) {
      resolved.add(context.registry().create(RetrievalMetric.KIND, id, Map.of()));
    }
    return resolved;
  }

  private static boolean sameData(Matrix q, long[] qLabels, Matrix db, long[] galleryLabels) {
    if (q.rows() != db.rows()
        || q.cols() != db.cols()
        || !java.util.Arrays.equals(qLabels, galleryLabels)) {
      return false;
    }
    for (int r = 0; r < q.rows(); r++) {
      for (int c = 0; c < q.cols(); c++) {
        if (Double.compare(q.get(r, c), db.get(r, c)) != 0) {
          return false;
        }
      }
    }
    return true;
  }

  private static void requireSameLength(Matrix m, Path mFile, long[] l, Path lFile) {
    if (m.rows() != l.length) {
      throw new IllegalArgumentException(
          mFile
              + " has "
              + m.rows()
              + " rows but "
              + lFile
              + " has "
              + l.length
              + " labels; they must match");
    }
  }
}

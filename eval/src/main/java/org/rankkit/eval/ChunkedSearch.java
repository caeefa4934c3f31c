package org.rankkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.IntUnaryOperator;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * Exact chunked search: the similarities of one query chunk against one gallery chunk at a time are
 * computed on the device, together with the maximum of every group of {@link
 * SimilarityChunk#GROUP_SIZE} similarities in a row; Java then reads only the groups whose maximum
 * can change the result (zero-copy from the engine's buffer on the CPU). Query chunks are spread
 * over {@link EvalConfig#threads()} workers, each computing and reading its own chunks, so at most
 * {@code threads} similarity chunks exist at a time and engine work overlaps Java work. On the CPU
 * this is fastest with one PyTorch intra-op thread per worker (what {@code rankkit eval} sets up).
 *
 * <p>Each ranking metric says how deep it reads ({@link RankingMetric#depth}). When none needs
 * every positive's rank (as {@code map} does) and every query needs at most {@link #TOP_LIST_LIMIT}
 * ranks, a running top list per query, as deep as the deepest metric reads, gives every metric.
 * Otherwise the exact rank of every positive is counted: positives are ranked directly, and each
 * negative is counted before the first positive it beats. The ranking is by descending {@link
 * Canonical canonical} similarity, ties to the lower gallery index; engine values decide only where
 * they are farther apart than their error bound, so results do not depend on chunk sizes or
 * threads.
 */
final class ChunkedSearch {

  /** Largest per-query list the top-list pass keeps; longer needs use rank counting. */
  static final int TOP_LIST_LIMIT = 4096;

  private final NDArray queries;
  private final long[] queryLabels;
  private final NDArray gallery;
  private final long[] galleryLabels;
  private final boolean leaveOneOut;
  private final EvalConfig config;
  private final boolean doublePrecision;
  private final int numQueries;
  private final int gallerySize;

  /** Gallery indices of each label, ascending. */
  private final Map<Long, int[]> byLabel;

  /** Positives per query (its label's gallery items, minus itself in leave-one-out). */
  private final int[] positives;

  /** Canonical similarities and the engine's error margin. */
  private final Canonical canonical;

  private final double margin;

  /** Asked before every similarity chunk: true abandons the search. */
  private final java.util.function.BooleanSupplier stop;

  ChunkedSearch(
      NDArray queries,
      long[] queryLabels,
      NDArray gallery,
      long[] galleryLabels,
      boolean leaveOneOut,
      EvalConfig config,
      java.util.function.BooleanSupplier stop) {
    this.stop = stop;
    this.queries = queries;
    this.queryLabels = queryLabels;
    this.gallery = gallery;
    this.galleryLabels = galleryLabels;
    this.leaveOneOut = leaveOneOut;
    this.config = config;
    this.doublePrecision = queries.getDataType() == DataType.FLOAT64;
    this.numQueries = queryLabels.length;
    this.gallerySize = galleryLabels.length;
    Map<Long, List<Integer>> lists = new HashMap<>();
    for (int j = 0; j < galleryLabels.length; j++) {
      lists.computeIfAbsent(galleryLabels[j], y -> new ArrayList<>()).add(j);
    }
    byLabel = new HashMap<>();
    lists.forEach((y, l) -> byLabel.put(y, l.stream().mapToInt(Integer::intValue).toArray()));
    canonical = new Canonical(queries, leaveOneOut ? queries : gallery);
    margin = canonical.margin();
    LabelStructure structure = LabelStructure.of(queryLabels, galleryLabels, leaveOneOut);
    positives = new int[numQueries];
    for (int i = 0; i < numQueries; i++) {
      positives[i] = structure.positiveCount(i);
    }
  }

  /** Runs the search and returns every ranking metric's values per query. */
  RankingScores run() {
    RankingScores scores = new RankingScores(config.rankingMetrics(), config.ks(), numQueries);
    int longest = 1;
    for (int r : positives) {
      longest = Math.max(longest, scores.depth(r));
    }
    // EVERY_POSITIVE is the largest int, so it always counts ranks
    boolean countRanks = longest > TOP_LIST_LIMIT;
    forEachQueryChunk(
        "rankkit-eval",
        qc -> {
          if (countRanks) {
            countRanks(qc, scores);
          } else {
            topLists(qc, scores);
          }
        });
    return scores;
  }

  // ---------------------------------------------------------------- plain top-k (ExactIndex)

  /**
   * The {@code k} best gallery items of every query, in the order of the metrics' ranking (by
   * descending canonical similarity, ties to the lower gallery index), with those similarities.
   *
   * @param k items per query, 1 ≤ k ≤ the gallery of each query
   * @param ids receives, per query, the gallery indices
   * @param scores receives, per query, the canonical similarities
   */
  void topK(int k, int[][] ids, double[][] scores) {
    forEachQueryChunk(
        "rankkit-search",
        qc -> {
          TopList[] lists = bestItems(qc, query -> k);
          for (int i = qc.q0(); i < qc.q1(); i++) {
            TopList list = lists[i - qc.q0()];
            ids[i] = java.util.Arrays.copyOf(list.idx, list.size);
            scores[i] = new double[list.size];
            for (int m = 0; m < list.size; m++) {
              scores[i][m] = canonical.similarity(i, list.idx[m]);
            }
          }
        });
  }

  /**
   * One query chunk, the unit of parallel work, with what its worker needs.
   *
   * @param queries rows {@code q0} to {@code q1} (exclusive) of the queries
   * @param q0 the first query
   * @param q1 one past the last query
   * @param galleryChunks every gallery chunk, transposed, in gallery order
   * @param step the worker's manager for this chunk
   */
  private record QueryChunk(
      NDArray queries, int q0, int q1, List<NDArray> galleryChunks, NDManager step) {}

  /**
   * Splits the gallery into transposed chunks once, then runs {@code work} on every query chunk on
   * a pool of {@code config.threads()} daemon threads. Query chunks are the unit of parallel work:
   * each worker computes its own similarity chunks and reads them itself, so engine and Java work
   * overlap without shared state.
   */
  private void forEachQueryChunk(String threadName, Consumer<QueryChunk> work) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            config.threads(),
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    try (NDManager scope = queries.getManager().newSubManager()) {
      // gallery chunks, transposed once (a view: the matmul reads it as a transposed operand)
      List<NDArray> galleryChunks = new ArrayList<>();
      for (int g0 = 0; g0 < gallerySize; g0 += config.galleryChunk()) {
        int g1 = Math.min(gallerySize, g0 + config.galleryChunk());
        NDArray chunk = gallery.get(new NDIndex("{}:{}", g0, g1)).transpose();
        chunk.attach(scope);
        galleryChunks.add(chunk);
      }
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int start = 0; start < numQueries; start += config.queryChunk()) {
        int q0 = start;
        int q1 = Math.min(numQueries, q0 + config.queryChunk());
        tasks.add(
            () -> {
              try (NDManager step = scope.newSubManager()) {
                NDArray qChunk = queries.get(new NDIndex("{}:{}", q0, q1));
                qChunk.attach(step);
                work.accept(new QueryChunk(qChunk, q0, q1, galleryChunks, step));
              }
              return null;
            });
      }
      invokeAll(pool, tasks);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- top lists

  private void topLists(QueryChunk qc, RankingScores scores) {
    TopList[] lists =
        bestItems(
            qc,
            query ->
                Math.max(
                    1,
                    Math.min(
                        gallerySize - (leaveOneOut ? 1 : 0),
                        Math.max(1, scores.depth(positives[query])))));
    for (int i = qc.q0(); i < qc.q1(); i++) {
      TopList list = lists[i - qc.q0()];
      long y = queryLabels[i];
      int[] ranks = new int[Math.min(positives[i], list.size)];
      int found = 0;
      for (int m = 0; m < list.size && found < ranks.length; m++) {
        if (galleryLabels[list.idx[m]] == y) {
          ranks[found++] = m + 1;
        }
      }
      scores.record(i, QueryRanking.of(positives[i], java.util.Arrays.copyOf(ranks, found)));
    }
  }

  /**
   * The best items of every query of a chunk, finished (ranked by canonical similarity and cut).
   *
   * @param keep how many items each query keeps, by query
   * @return one list per query of the chunk
   */
  private TopList[] bestItems(QueryChunk qc, IntUnaryOperator keep) {
    int q0 = qc.q0();
    int q1 = qc.q1();
    TopList[] lists = new TopList[q1 - q0];
    for (int i = q0; i < q1; i++) {
      lists[i - q0] = new TopList(keep.applyAsInt(i), margin);
    }
    forEachGalleryRow(
        qc, (chunk, row, i, base, self) -> lists[i - q0].offerRow(chunk, row, base, self));
    for (int i = q0; i < q1; i++) {
      int query = i;
      lists[i - q0].finish(j -> canonical.similarity(query, j));
    }
    return lists;
  }

  // ---------------------------------------------------------------- exact ranks

  private void countRanks(QueryChunk qc, RankingScores scores) {
    int q0 = qc.q0();
    int q1 = qc.q1();
    int n = q1 - q0;
    // the positives of every query in rank order, by canonical similarity (computed directly)
    double[][] posVal = new double[n][];
    int[][] posIdx = new int[n][];
    for (int i = q0; i < q1; i++) {
      int r = i - q0;
      posVal[r] = new double[positives[i]];
      posIdx[r] = new int[positives[i]];
      int[] same = byLabel.get(queryLabels[i]);
      int filled = 0;
      for (int m = 0; same != null && m < same.length; m++) {
        int j = same[m];
        if (leaveOneOut && j == i) {
          continue;
        }
        posVal[r][filled] = canonical.similarity(i, j);
        posIdx[r][filled] = j;
        filled++;
      }
      Ranking.sort(posVal[r], posIdx[r], 0, filled);
    }
    // one pass: each negative not below the worst positive (minus δ) is counted before the first
    // positive it beats
    int[][] before = new int[n][];
    NegativeCounter[] counters = new NegativeCounter[n];
    for (int r = 0; r < n; r++) {
      before[r] = new int[posVal[r].length + 1];
      if (posVal[r].length > 0) {
        int query = q0 + r;
        counters[r] =
            new NegativeCounter(
                posVal[r],
                posIdx[r],
                before[r],
                queryLabels[query],
                galleryLabels,
                margin,
                j -> canonical.similarity(query, j));
      }
    }
    forEachGalleryRow(
        qc,
        (chunk, row, i, base, self) -> {
          NegativeCounter counter = counters[i - q0];
          if (counter != null) {
            counter.countRow(chunk, row, base, self);
          }
        });
    for (int i = q0; i < q1; i++) {
      int r = i - q0;
      int[] ranks = new int[posVal[r].length];
      int negativesBefore = 0;
      for (int m = 0; m < ranks.length; m++) {
        negativesBefore += before[r][m];
        ranks[m] = m + 1 + negativesBefore;
      }
      scores.record(i, QueryRanking.of(positives[i], ranks));
    }
  }

  // ---------------------------------------------------------------- chunk plumbing

  /** Consumes one similarity row of a chunk. */
  @FunctionalInterface
  private interface GalleryRowConsumer {
    /**
     * @param chunk the similarity chunk
     * @param rowInChunk the query's row in it
     * @param query the query
     * @param base the gallery item of the chunk's first column
     * @param self the chunk column of the query itself in leave-one-out, else −1 (or out of range)
     */
    void accept(SimilarityChunk chunk, int rowInChunk, int query, int base, int self);
  }

  /**
   * Computes the similarity chunks of one query chunk against every gallery chunk in gallery order,
   * and hands each row to the consumer with the gallery offset of its first column.
   */
  private void forEachGalleryRow(QueryChunk qc, GalleryRowConsumer consumer) {
    int base = 0;
    for (NDArray galleryChunk : qc.galleryChunks()) {
      if (stop.getAsBoolean()) {
        throw new EvaluationStoppedException();
      }
      try (NDManager chunkScope = qc.step().newSubManager()) {
        NDArray sims = qc.queries().matMul(galleryChunk);
        sims.attach(chunkScope);
        SimilarityChunk chunk = SimilarityChunk.of(sims, doublePrecision);
        for (int i = qc.q0(); i < qc.q1(); i++) {
          consumer.accept(chunk, i - qc.q0(), i, base, leaveOneOut ? i - base : -1);
        }
        base += chunk.width;
      }
    }
  }

  private static void invokeAll(ExecutorService pool, List<Callable<Void>> tasks) {
    try {
      for (Future<Void> f : pool.invokeAll(tasks)) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("evaluation interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }
}

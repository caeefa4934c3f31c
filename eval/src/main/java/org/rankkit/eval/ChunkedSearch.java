package org.rankkit.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.rankkit.api.loss.LabelStructure;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * Exact chunked search: the similarities of one query chunk against one gallery chunk at a time are
 * computed on the device, together with the maximum of every group of {@link #CHUNK} similarities
 * in a row; Java then reads only the groups whose maximum can change the result (zero-copy from the
 * engine's buffer on the CPU). Query chunks are spread over {@link EvalConfig#threads()} workers,
 * each computing and reading its own chunks, so at most {@code threads} similarity chunks exist at
 * a time and engine work overlaps Java work. On the CPU this is fastest with one PyTorch intra-op
 * thread per worker (what {@code rankkit eval} sets up).
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

  /** Similarities per group whose maximum the engine computes (a power of two). */
  static final int CHUNK = 16;

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
        (qChunk, q0, q1, galleryChunks, step) -> {
          if (countRanks) {
            countRanks(qChunk, q0, q1, galleryChunks, scores, step);
          } else {
            topLists(qChunk, q0, q1, galleryChunks, scores, step);
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
        (qChunk, q0, q1, galleryChunks, step) -> {
          TopList[] lists = new TopList[q1 - q0];
          for (int i = q0; i < q1; i++) {
            lists[i - q0] = new TopList(k, margin);
          }
          int g0 = 0;
          for (NDArray galleryChunk : galleryChunks) {
            int first = g0;
            g0 +=
                forEachRow(
                    qChunk,
                    galleryChunk,
                    q0,
                    q1,
                    step,
                    (chunk, row, i) -> {
                      int self = leaveOneOut ? i - first : -1;
                      if (chunk.f != null) {
                        lists[i - q0].offer(chunk, row, first, self);
                      } else {
                        lists[i - q0].offerDouble(chunk, row, first, self);
                      }
                    });
          }
          for (int i = q0; i < q1; i++) {
            TopList list = lists[i - q0];
            int query = i;
            list.finish(j -> canonical.similarity(query, j));
            ids[i] = java.util.Arrays.copyOf(list.idx, list.size);
            scores[i] = new double[list.size];
            for (int m = 0; m < list.size; m++) {
              scores[i][m] = canonical.similarity(i, list.idx[m]);
            }
          }
        });
  }

  /** The work on one query chunk against every gallery chunk. */
  @FunctionalInterface
  private interface QueryChunkWork {
    void run(NDArray qChunk, int q0, int q1, List<NDArray> galleryChunks, NDManager step);
  }

  /**
   * Splits the gallery into transposed chunks once, then runs {@code work} on every query chunk on
   * a pool of {@code config.threads()} daemon threads. Query chunks are the unit of parallel work:
   * each worker computes its own similarity chunks and reads them itself, so engine and Java work
   * overlap without shared state.
   */
  private void forEachQueryChunk(String threadName, QueryChunkWork work) {
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
                work.run(qChunk, q0, q1, galleryChunks, step);
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

  private void topLists(
      NDArray qChunk,
      int q0,
      int q1,
      List<NDArray> galleryChunks,
      RankingScores scores,
      NDManager step) {
    TopList[] lists = new TopList[q1 - q0];
    for (int i = q0; i < q1; i++) {
      int keep =
          Math.min(gallerySize - (leaveOneOut ? 1 : 0), Math.max(1, scores.depth(positives[i])));
      lists[i - q0] = new TopList(Math.max(1, keep), margin);
    }
    int g0 = 0;
    for (NDArray galleryChunk : galleryChunks) {
      int start = g0;
      g0 +=
          forEachRow(
              qChunk,
              galleryChunk,
              q0,
              q1,
              step,
              (chunk, row, i) -> {
                TopList list = lists[i - q0];
                int self = leaveOneOut ? i - start : -1;
                if (chunk.f != null) {
                  list.offer(chunk, row, start, self);
                } else {
                  list.offerDouble(chunk, row, start, self);
                }
              });
    }
    for (int i = q0; i < q1; i++) {
      TopList list = lists[i - q0];
      int query = i;
      list.finish(j -> canonical.similarity(query, j));
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

  /** The canonical similarity of one query to gallery items. */
  @FunctionalInterface
  interface ItemSimilarity {
    double of(int item);
  }

  /**
   * The best {@code keep} gallery items of one query. Offered items carry engine similarities
   * (canonical ± margin δ); the list keeps every item whose engine value is at least the current
   * {@code keep}-th engine value minus 2δ, a superset of the canonical best {@code keep} whatever
   * the order in which items are offered. {@link #finish} ranks the survivors by canonical
   * similarity (computing it only among engine values closer than 2δ) and cuts to {@code keep}.
   */
  static final class TopList {
    final int keep;
    final double margin;
    double[] val;
    int[] idx;
    int size;

    /** Items with an engine value below this cannot be among the best {@code keep}. */
    double cut = Double.NEGATIVE_INFINITY;

    TopList(int keep, double margin) {
      this.keep = keep;
      this.margin = margin;
      int capacity = Math.max(4 * keep, keep + 64);
      val = new double[capacity];
      idx = new int[capacity];
    }

    /**
     * Offers row {@code row} of a float32 chunk whose first column is gallery item {@code base}.
     * Before the first cut, the {@code keep}-th largest group maximum is a lower bound (a floor) of
     * the final {@code keep}-th engine value: groups and items below it minus 2δ are skipped.
     */
    void offer(SimChunk chunk, int row, int base, int self) {
      float[] max = chunk.rowMaxF(row);
      FloatBuffer f = chunk.f;
      int rowStart = row * chunk.width;
      int groups = chunk.groups;
      double floor = floor(chunk, row, self);
      float thr = lowerFloat(Math.max(floor, cut));
      for (int p = 0; p < groups; p++) {
        if (max[p] >= thr) {
          for (int c = p; c < groups * CHUNK; c += groups) {
            float s = f.get(rowStart + c);
            if (s >= thr && c != self) {
              offer(s, base + c);
              thr = lowerFloat(Math.max(floor, cut));
            }
          }
        }
      }
      for (int c = groups * CHUNK; c < chunk.width; c++) {
        float s = f.get(rowStart + c);
        if (s >= thr && c != self) {
          offer(s, base + c);
          thr = lowerFloat(Math.max(floor, cut));
        }
      }
      settle();
    }

    /**
     * Offers row {@code row} of a float64 chunk whose first column is gallery item {@code base}.
     */
    void offerDouble(SimChunk chunk, int row, int base, int self) {
      double[] max = chunk.rowMaxD(row);
      DoubleBuffer d = chunk.d;
      int rowStart = row * chunk.width;
      int groups = chunk.groups;
      double floor = floor(chunk, row, self);
      double thr = Math.max(floor, cut);
      for (int p = 0; p < groups; p++) {
        if (max[p] >= thr) {
          for (int c = p; c < groups * CHUNK; c += groups) {
            double s = d.get(rowStart + c);
            if (s >= thr && c != self) {
              offer(s, base + c);
              thr = Math.max(floor, cut);
            }
          }
        }
      }
      for (int c = groups * CHUNK; c < chunk.width; c++) {
        double s = d.get(rowStart + c);
        if (s >= thr && c != self) {
          offer(s, base + c);
          thr = Math.max(floor, cut);
        }
      }
      settle();
    }

    /**
     * The floor of a row before the first cut: the {@code keep}-th largest group maximum − 2δ
     * ({@code keep + 1}-th when the query itself, left out, is in the chunk); −∞ once there is a
     * cut or when the chunk has too few groups.
     */
    private double floor(SimChunk chunk, int row, int self) {
      // the query itself (leave-one-out) may be one of the group maxima: then take one more
      int rank = self >= 0 && self < chunk.width ? keep + 1 : keep;
      if (cut != Double.NEGATIVE_INFINITY || chunk.groups < rank) {
        return Double.NEGATIVE_INFINITY;
      }
      return Ranking.kthLargest(chunk.rowMaxCopy(row), chunk.groups, rank) - 2 * margin;
    }

    /** The largest float not above x (so that float comparisons never skip an item ≥ x). */
    private static float lowerFloat(double x) {
      float f = (float) x;
      return f > x ? Math.nextDown(f) : f;
    }

    /** Adds item j with engine similarity s unless it is below the cut. */
    void offer(double s, int j) {
      if (s < cut) {
        return;
      }
      val[size] = s;
      idx[size] = j;
      size++;
      if (size == val.length) {
        compact();
      }
    }

    /** Sets the cut as soon as the list holds {@code keep} items. */
    private void settle() {
      if (cut == Double.NEGATIVE_INFINITY && size >= keep) {
        compact();
      }
    }

    /** Raises the cut to the {@code keep}-th engine value − 2δ and drops what falls below it. */
    private void compact() {
      if (size >= keep) {
        Ranking.select(val, idx, 0, size, keep - 1);
        cut = Math.max(cut, val[keep - 1] - 2 * margin);
        int kept = keep;
        for (int m = keep; m < size; m++) {
          if (val[m] >= cut) {
            val[kept] = val[m];
            idx[kept] = idx[m];
            kept++;
          }
        }
        size = kept;
      }
      if (size > val.length / 2) { // many near-ties at the cut: grow to stay amortised
        val = java.util.Arrays.copyOf(val, val.length * 2);
        idx = java.util.Arrays.copyOf(idx, idx.length * 2);
      }
    }

    /**
     * Ranks the kept items by canonical similarity, then index, and cuts the list to {@code keep}.
     *
     * @param similarity canonical similarity of the query to a gallery item
     */
    void finish(ItemSimilarity similarity) {
      Ranking.sort(val, idx, 0, size);
      // engine values more than 2δ apart are in canonical order; re-rank runs of closer ones
      int from = 0;
      while (from < size) {
        int to = from + 1;
        while (to < size && val[to - 1] - val[to] <= 2 * margin) {
          to++;
        }
        if (to - from > 1) {
          for (int m = from; m < to; m++) {
            val[m] = similarity.of(idx[m]);
          }
          Ranking.sort(val, idx, from, to);
        }
        from = to;
      }
      size = Math.min(size, keep);
    }
  }

  // ---------------------------------------------------------------- exact ranks

  private void countRanks(
      NDArray qChunk,
      int q0,
      int q1,
      List<NDArray> galleryChunks,
      RankingScores scores,
      NDManager step) {
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
        counters[r] = new NegativeCounter(q0 + r, posVal[r], posIdx[r], before[r]);
      }
    }
    int g0 = 0;
    for (NDArray galleryChunk : galleryChunks) {
      int start = g0;
      g0 +=
          forEachRow(
              qChunk,
              galleryChunk,
              q0,
              q1,
              step,
              (chunk, row, i) -> {
                int r = i - q0;
                double[] pv = posVal[r];
                if (pv.length == 0) {
                  return;
                }
                NegativeCounter counter = counters[r];
                int self = leaveOneOut ? i - start : -1;
                int rowStart = row * chunk.width;
                int groups = chunk.groups; // set to 0 once the row has been read in order
                double low = pv[pv.length - 1] - margin;
                if (chunk.f != null) {
                  float[] max = chunk.rowMaxF(row);
                  float lowF = (float) low;
                  if (lowF > low) {
                    lowF = Math.nextDown(lowF);
                  }
                  int passing = 0;
                  for (int p = 0; p < groups; p++) {
                    passing += max[p] >= lowF ? 1 : 0;
                  }
                  if (passing * 4 > groups) {
                    // most groups pass: read the row in order instead of group by group
                    float[] all = chunk.rowF(row);
                    for (int c = 0; c < groups * CHUNK; c++) {
                      if (all[c] >= lowF && c != self) {
                        counter.count(all[c], start + c);
                      }
                    }
                    groups = 0;
                  }
                  for (int p = 0; p < groups; p++) {
                    if (max[p] >= lowF) {
                      for (int c = p; c < groups * CHUNK; c += groups) {
                        float s = chunk.f.get(rowStart + c);
                        if (s >= lowF && c != self) {
                          counter.count(s, start + c);
                        }
                      }
                    }
                  }
                } else {
                  double[] max = chunk.rowMaxD(row);
                  for (int p = 0; p < groups; p++) {
                    if (max[p] >= low) {
                      for (int c = p; c < groups * CHUNK; c += groups) {
                        double s = chunk.d.get(rowStart + c);
                        if (s >= low && c != self) {
                          counter.count(s, start + c);
                        }
                      }
                    }
                  }
                }
                for (int c = chunk.groups * CHUNK; c < chunk.width; c++) {
                  double s = chunk.get(rowStart + c);
                  if (s >= low && c != self) {
                    counter.count(s, start + c);
                  }
                }
              });
    }
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

  /**
   * Counts the negatives of one query against its ranked positives: {@code counts[m]} is the number
   * of negatives ranked before positive m but after positive m − 1. A table over buckets of engine
   * similarity answers most negatives without a search: where a bucket contains no positive's value
   * ± δ, every similarity in it beats the same positives.
   */
  private final class NegativeCounter {
    private final int query;
    private final double[] pv;
    private final int[] pi;
    private final int[] counts;
    private final long label;

    /** Bucket b covers engine similarities [low + b / scale, low + (b + 1) / scale). */
    private final double low;

    private final double scale;

    /** Position for every similarity of the bucket, or −1 when it must be searched. */
    private final int[] answer;

    NegativeCounter(int query, double[] pv, int[] pi, int[] counts) {
      this.query = query;
      this.pv = pv;
      this.pi = pi;
      this.counts = counts;
      this.label = queryLabels[query];
      double lo = pv[pv.length - 1] - margin;
      double hi = pv[0] + margin;
      int buckets = Math.max(16, 4 * pv.length);
      double width = (hi - lo) / buckets;
      if (!(width > 1e-12 * Math.max(1, Math.abs(hi)))) {
        buckets = 0; // all positives (nearly) equal: always search
        width = 1;
      }
      low = lo;
      scale = 1 / width;
      answer = new int[buckets];
      double pad = width / 64; // covers rounding in the bucket index
      for (int k = 0; k < buckets; k++) {
        double a = lo + k * width - pad;
        double b = lo + (k + 1) * width + pad;
        // definite(s) and possible(s) (see count) never increase with s, and possible ≤ definite:
        // if definite is the same at both ends and possible at the upper end already equals it,
        // both are that value throughout the bucket and no search is needed
        int definite = firstBelow(pv, b - margin);
        boolean constant =
            definite == firstBelow(pv, a - margin) && firstAtMost(pv, b + margin) == definite;
        answer[k] = constant ? definite : -1;
      }
    }

    /** Counts gallery item j (engine similarity s ≥ worst positive − δ) if it is a negative. */
    void count(double s, int j) {
      if (galleryLabels[j] == label) {
        return;
      }
      if (s - margin > pv[0]) { // surely before every positive
        counts[0]++;
        return;
      }
      int bucket = (int) ((s - low) * scale);
      if (bucket >= 0 && bucket < answer.length && answer[bucket] >= 0) {
        counts[answer[bucket]]++;
        return;
      }
      // the canonical similarity of j is within s ± δ: positives from `definite` on rank surely
      // after j, positives before `possible` surely before it; in between, compute it
      int definite = firstBelow(pv, s - margin);
      int possible = firstAtMost(pv, s + margin);
      int position = definite;
      if (possible < definite) {
        double exact = canonical.similarity(query, j);
        int lo = possible;
        int hi = definite;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (Ranking.before(exact, j, pv[mid], pi[mid])) {
            hi = mid;
          } else {
            lo = mid + 1;
          }
        }
        position = lo;
      }
      counts[position]++;
    }
  }

  /** Returns the first position m of a descending array with {@code pv[m] <= x}. */
  private static int firstAtMost(double[] pv, double x) {
    int lo = 0;
    int hi = pv.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pv[mid] <= x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  /** Returns the first position m of a descending array with {@code pv[m] < x}. */
  private static int firstBelow(double[] pv, double x) {
    int lo = 0;
    int hi = pv.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (pv[mid] < x) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  // ---------------------------------------------------------------- chunk plumbing

  /**
   * One similarity chunk as the worker threads see it: the row-major similarities and, per row,
   * {@code groups} maxima, maximum p covering the columns p, p + groups, …, p + (CHUNK − 1)·groups;
   * the last {@code width − groups·CHUNK} columns have no maximum. Exactly one of the float and
   * double views is set. Read by one thread.
   */
  static final class SimChunk {
    final int width;
    final int groups;
    final FloatBuffer f;
    final DoubleBuffer d;
    private final FloatBuffer fMax;
    private final DoubleBuffer dMax;
    private final float[] floatScratch;
    private float[] rowScratch;
    private final double[] doubleScratch;
    private final double[] selectScratch;

    SimChunk(int width, int groups, ByteBuffer sims, ByteBuffer maxima, boolean doublePrecision) {
      this.width = width;
      this.groups = groups;
      this.f = doublePrecision ? null : sims.asFloatBuffer();
      this.d = doublePrecision ? sims.asDoubleBuffer() : null;
      this.fMax = doublePrecision || maxima == null ? null : maxima.asFloatBuffer();
      this.dMax = doublePrecision && maxima != null ? maxima.asDoubleBuffer() : null;
      floatScratch = doublePrecision ? null : new float[groups];
      doubleScratch = doublePrecision ? new double[groups] : null;
      selectScratch = new double[groups];
    }

    /** Returns the group maxima of a row (float32), in a scratch array. */
    float[] rowMaxF(int row) {
      float[] max = floatScratch;
      if (groups > 0) {
        fMax.get(row * groups, max, 0, groups);
      }
      return max;
    }

    /** Returns the group maxima of a row (float64), in a scratch array. */
    double[] rowMaxD(int row) {
      double[] max = doubleScratch;
      if (groups > 0) {
        dMax.get(row * groups, max, 0, groups);
      }
      return max;
    }

    /**
     * Returns the first {@code groups · CHUNK} similarities of a row (float32), in a scratch array.
     */
    float[] rowF(int row) {
      if (rowScratch == null) {
        rowScratch = new float[groups * CHUNK];
      }
      f.get(row * width, rowScratch, 0, groups * CHUNK);
      return rowScratch;
    }

    /**
     * Returns a copy of the group maxima of a row, as doubles (float32 maxima widened exactly), in
     * a scratch array that the caller may reorder.
     */
    double[] rowMaxCopy(int row) {
      for (int p = 0; p < groups; p++) {
        selectScratch[p] = fMax != null ? fMax.get(row * groups + p) : dMax.get(row * groups + p);
      }
      return selectScratch;
    }

    /** Returns the similarity at a flat (row-major) position. */
    double get(int flat) {
      return f != null ? f.get(flat) : d.get(flat);
    }
  }

  /** Consumes one similarity row of a chunk. */
  @FunctionalInterface
  private interface RowConsumer {
    void accept(SimChunk chunk, int rowInChunk, int query);
  }

  /** Computes one chunk and hands each row to the consumer; returns the chunk's width. */
  private int forEachRow(
      NDArray qChunk, NDArray galleryChunk, int q0, int q1, NDManager step, RowConsumer consumer) {
    if (stop.getAsBoolean()) {
      throw new EvaluationStoppedException();
    }
    try (NDManager chunkScope = step.newSubManager()) {
      NDArray sims = qChunk.matMul(galleryChunk);
      sims.attach(chunkScope);
      int width = (int) sims.getShape().get(1);
      int groups = width / CHUNK;
      ByteBuffer maxima = null;
      if (groups > 0) {
        // halve the width CHUNK = 2^h times: column p of the result is the maximum of columns
        // p, p + groups, ..., p + (CHUNK - 1) * groups (elementwise maxima vectorise well)
        int w = groups * CHUNK;
        NDArray max = w == width ? sims : sims.get(new NDIndex(":, :{}", w));
        while (w > groups) {
          w /= 2;
          max = max.get(new NDIndex(":, :{}", w)).maximum(max.get(new NDIndex(":, {}:", w)));
        }
        maxima = max.toByteBuffer(true);
      }
      SimChunk chunk =
          new SimChunk(width, groups, sims.toByteBuffer(true), maxima, doublePrecision);
      for (int i = q0; i < q1; i++) {
        consumer.accept(chunk, i - q0, i);
      }
      return width;
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

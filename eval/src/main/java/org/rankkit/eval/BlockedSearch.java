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

/**
 * Exact blocked search: similarities of one query block against one database block at a time on
 * the device, consumed row by row in Java worker threads.
 *
 * <p>Without {@code map} (and when every query needs at most {@link #TOP_LIST_LIMIT} ranks) one
 * pass keeps a running top list per query. Otherwise two passes count the exact rank of every
 * positive: the first collects the positives' similarities, the second counts, for each positive,
 * the negatives ranked before it. Either way the ranking is by descending similarity, ties to the
 * lower database index, and all comparisons use the same computed similarity values.
 */
final class BlockedSearch {

  /** Largest per-query list the top-list pass keeps; longer needs use rank counting. */
  static final int TOP_LIST_LIMIT = 4096;

  private final NDArray queries;
  private final long[] queryLabels;
  private final NDArray database;
  private final long[] dbLabels;
  private final boolean leaveOneOut;
  private final EvalConfig config;
  private final boolean doublePrecision;
  private final int numQueries;
  private final int dbSize;
  /** Database indices of each label, ascending. */
  private final Map<Long, int[]> byLabel;
  /** Positives per query (its label's database items, minus itself in leave-one-out). */
  private final int[] positives;

  BlockedSearch(
      NDArray queries, long[] queryLabels, NDArray database, long[] dbLabels, boolean leaveOneOut,
      EvalConfig config) {
    this.queries = queries;
    this.queryLabels = queryLabels;
    this.database = database;
    this.dbLabels = dbLabels;
    this.leaveOneOut = leaveOneOut;
    this.config = config;
    this.doublePrecision = queries.getDataType() == DataType.FLOAT64;
    this.numQueries = queryLabels.length;
    this.dbSize = dbLabels.length;
    Map<Long, List<Integer>> lists = new HashMap<>();
    for (int j = 0; j < dbLabels.length; j++) {
      lists.computeIfAbsent(dbLabels[j], y -> new ArrayList<>()).add(j);
    }
    byLabel = new HashMap<>();
    lists.forEach((y, l) -> byLabel.put(y, l.stream().mapToInt(Integer::intValue).toArray()));
    positives = new int[numQueries];
    for (int i = 0; i < numQueries; i++) {
      int[] same = byLabel.get(queryLabels[i]);
      positives[i] = same == null ? 0 : same.length - (leaveOneOut ? 1 : 0);
    }
  }

  /** Runs the search and returns the metric means. */
  RankingMetrics.Totals run() {
    RankingMetrics metrics = new RankingMetrics(numQueries);
    boolean needR =
        config.metrics().contains(Metric.R_PRECISION) || config.metrics().contains(Metric.MAP_AT_R);
    int longest = config.metrics().contains(Metric.RECALL) ? config.maxK() : 1;
    if (needR) {
      for (int r : positives) {
        longest = Math.max(longest, r);
      }
    }
    boolean countRanks = config.metrics().contains(Metric.MAP) || longest > TOP_LIST_LIMIT;
    ExecutorService pool = Executors.newFixedThreadPool(config.threads(), r -> {
      Thread t = new Thread(r, "rankkit-eval");
      t.setDaemon(true);
      return t;
    });
    try (NDManager scope = queries.getManager().newSubManager()) {
      // database blocks, transposed once (a view: the matmul reads it as a transposed operand)
      List<NDArray> dbBlocks = new ArrayList<>();
      for (int g0 = 0; g0 < dbSize; g0 += config.galleryBlock()) {
        int g1 = Math.min(dbSize, g0 + config.galleryBlock());
        NDArray block = database.get(new NDIndex("{}:{}", g0, g1)).transpose();
        block.attach(scope);
        dbBlocks.add(block);
      }
      for (int q0 = 0; q0 < numQueries; q0 += config.queryBlock()) {
        int q1 = Math.min(numQueries, q0 + config.queryBlock());
        try (NDManager step = scope.newSubManager()) {
          NDArray qBlock = queries.get(new NDIndex("{}:{}", q0, q1));
          qBlock.attach(step);
          if (countRanks) {
            countRanks(qBlock, q0, q1, dbBlocks, metrics, pool, step);
          } else {
            topLists(qBlock, q0, q1, dbBlocks, metrics, pool, step, needR);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return metrics.totals(config.ks());
  }

  // ---------------------------------------------------------------- top lists

  private void topLists(
      NDArray qBlock, int q0, int q1, List<NDArray> dbBlocks, RankingMetrics metrics,
      ExecutorService pool, NDManager step, boolean needR) {
    int maxK = config.metrics().contains(Metric.RECALL) ? config.maxK() : 1;
    TopList[] lists = new TopList[q1 - q0];
    for (int i = q0; i < q1; i++) {
      int keep = Math.min(dbSize - (leaveOneOut ? 1 : 0), Math.max(maxK, needR ? positives[i] : 0));
      lists[i - q0] = new TopList(Math.max(1, keep));
    }
    int g0 = 0;
    for (NDArray dbBlock : dbBlocks) {
      int width = (int) dbBlock.getShape().get(1);
      int start = g0;
      forEachRow(qBlock, dbBlock, q0, q1, pool, step, (row, i, f, d) -> {
        TopList list = lists[i - q0];
        int self = leaveOneOut ? i - start : -1;
        if (f != null) {
          list.offer(f, width, start, self);
        } else {
          list.offer(d, width, start, self);
        }
      });
      g0 += width;
    }
    runRows(q0, q1, pool, (lo, hi) -> {
      boolean[] relevant = new boolean[0];
      for (int i = lo; i < hi; i++) {
        TopList list = lists[i - q0];
        list.finish();
        if (relevant.length < list.size) {
          relevant = new boolean[list.size];
        }
        long y = queryLabels[i];
        for (int m = 0; m < list.size; m++) {
          relevant[m] = dbLabels[list.idx[m]] == y;
        }
        metrics.recordTopList(i, positives[i], relevant, list.size);
      }
    });
  }

  /**
   * The best {@code keep} database items seen so far, by descending similarity and then ascending
   * index. Candidates are appended while they beat the current threshold and the buffer is
   * compacted when full; since items arrive in ascending index order, a candidate equal to the
   * threshold never beats the kept item it ties with.
   */
  static final class TopList {
    final int keep;
    double[] val;
    int[] idx;
    int size;
    double threshold = Double.NEGATIVE_INFINITY;

    TopList(int keep) {
      this.keep = keep;
      int capacity = Math.max(2 * keep, keep + 32);
      val = new double[capacity];
      idx = new int[capacity];
    }

    void offer(float[] row, int width, int base, int self) {
      float thr = (float) threshold;
      for (int j = 0; j < width; j++) {
        float s = row[j];
        if (s > thr && j != self) {
          add(s, base + j);
          thr = (float) threshold;
        }
      }
    }

    void offer(double[] row, int width, int base, int self) {
      double thr = threshold;
      for (int j = 0; j < width; j++) {
        double s = row[j];
        if (s > thr && j != self) {
          add(s, base + j);
          thr = threshold;
        }
      }
    }

    private void add(double s, int j) {
      val[size] = s;
      idx[size] = j;
      size++;
      if (size == val.length) {
        compact();
      }
    }

    private void compact() {
      Ranking.sort(val, idx, 0, size);
      if (size >= keep) {
        size = keep;
        threshold = val[keep - 1];
      }
    }

    void finish() {
      Ranking.sort(val, idx, 0, size);
      size = Math.min(size, keep);
    }
  }

  // ---------------------------------------------------------------- exact ranks

  private void countRanks(
      NDArray qBlock, int q0, int q1, List<NDArray> dbBlocks, RankingMetrics metrics,
      ExecutorService pool, NDManager step) {
    int n = q1 - q0;
    double[][] posVal = new double[n][];
    int[][] posIdx = new int[n][];
    int[] filled = new int[n];
    for (int i = q0; i < q1; i++) {
      posVal[i - q0] = new double[positives[i]];
      posIdx[i - q0] = new int[positives[i]];
    }
    // pass 1: the similarity of every positive, read from the same blocks as pass 2
    int g0 = 0;
    for (NDArray dbBlock : dbBlocks) {
      int width = (int) dbBlock.getShape().get(1);
      int start = g0;
      forEachRow(qBlock, dbBlock, q0, q1, pool, step, (row, i, f, d) -> {
        int r = i - q0;
        if (posVal[r].length == 0) {
          return;
        }
        int[] same = byLabel.get(queryLabels[i]);
        int from = lowerBound(same, start);
        int to = lowerBound(same, start + width);
        for (int m = from; m < to; m++) {
          int j = same[m];
          if (leaveOneOut && j == i) {
            continue;
          }
          posVal[r][filled[r]] = f != null ? f[j - start] : d[j - start];
          posIdx[r][filled[r]] = j;
          filled[r]++;
        }
      });
      g0 += width;
    }
    runRows(q0, q1, pool, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        Ranking.sort(posVal[i - q0], posIdx[i - q0], 0, posVal[i - q0].length);
      }
    });
    // pass 2: for each negative ranked before the worst positive, find the first positive it beats
    int[][] before = new int[n][];
    for (int r = 0; r < n; r++) {
      before[r] = new int[posVal[r].length + 1];
    }
    g0 = 0;
    for (NDArray dbBlock : dbBlocks) {
      int width = (int) dbBlock.getShape().get(1);
      int start = g0;
      forEachRow(qBlock, dbBlock, q0, q1, pool, step, (row, i, f, d) -> {
        int r = i - q0;
        double[] pv = posVal[r];
        if (pv.length == 0) {
          return;
        }
        int[] pi = posIdx[r];
        int[] counts = before[r];
        long y = queryLabels[i];
        int self = leaveOneOut ? i : -1;
        double worst = pv[pv.length - 1];
        if (f != null) {
          float worstF = (float) worst;
          for (int c = 0; c < width; c++) {
            float s = f[c];
            if (s >= worstF) {
              int j = start + c;
              if (dbLabels[j] != y && j != self) {
                counts[firstBeaten(pv, pi, s, j)]++;
              }
            }
          }
        } else {
          for (int c = 0; c < width; c++) {
            double s = d[c];
            if (s >= worst) {
              int j = start + c;
              if (dbLabels[j] != y && j != self) {
                counts[firstBeaten(pv, pi, s, j)]++;
              }
            }
          }
        }
      });
      g0 += width;
    }
    runRows(q0, q1, pool, (lo, hi) -> {
      for (int i = lo; i < hi; i++) {
        int r = i - q0;
        int[] ranks = new int[posVal[r].length];
        int negativesBefore = 0;
        for (int m = 0; m < ranks.length; m++) {
          negativesBefore += before[r][m];
          ranks[m] = m + 1 + negativesBefore;
        }
        metrics.recordRanks(i, ranks);
      }
    });
  }

  /**
   * Returns the first position m (in rank order) of a positive that the negative (s, j) ranks
   * before, or {@code pv.length} when it ranks after all.
   */
  private static int firstBeaten(double[] pv, int[] pi, double s, int j) {
    int lo = 0;
    int hi = pv.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (s > pv[mid] || (s == pv[mid] && j < pi[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }

  private static int lowerBound(int[] sorted, int key) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  // ---------------------------------------------------------------- block plumbing

  /** Consumes one similarity row: exactly one of {@code f} (float32) and {@code d} is non-null. */
  @FunctionalInterface
  private interface RowConsumer {
    void accept(int rowInBlock, int query, float[] f, double[] d);
  }

  /** Work on the query range [lo, hi). */
  @FunctionalInterface
  private interface RangeTask {
    void run(int lo, int hi);
  }

  private void forEachRow(
      NDArray qBlock, NDArray dbBlock, int q0, int q1, ExecutorService pool, NDManager step,
      RowConsumer consumer) {
    try (NDManager blockScope = step.newSubManager()) {
      NDArray sims = qBlock.matMul(dbBlock);
      sims.attach(blockScope);
      int width = (int) sims.getShape().get(1);
      ByteBuffer bytes = sims.toByteBuffer(true);
      FloatBuffer fb = doublePrecision ? null : bytes.asFloatBuffer();
      DoubleBuffer db = doublePrecision ? bytes.asDoubleBuffer() : null;
      runRows(q0, q1, pool, (lo, hi) -> {
        float[] f = doublePrecision ? null : new float[width];
        double[] d = doublePrecision ? new double[width] : null;
        for (int i = lo; i < hi; i++) {
          int row = i - q0;
          if (f != null) {
            fb.get(row * width, f, 0, width);
          } else {
            db.get(row * width, d, 0, width);
          }
          consumer.accept(row, i, f, d);
        }
      });
    }
  }

  private void runRows(int q0, int q1, ExecutorService pool, RangeTask task) {
    int n = q1 - q0;
    int parts = Math.min(config.threads(), n);
    if (parts <= 1) {
      task.run(q0, q1);
      return;
    }
    List<Callable<Void>> jobs = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int lo = q0 + (int) ((long) n * p / parts);
      int hi = q0 + (int) ((long) n * (p + 1) / parts);
      jobs.add(() -> {
        task.run(lo, hi);
        return null;
      });
    }
    try {
      for (Future<Void> f : pool.invokeAll(jobs)) {
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

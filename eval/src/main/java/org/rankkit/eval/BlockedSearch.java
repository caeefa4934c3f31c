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
 * Exact blocked search: the similarities of one query block against one database block at a time
 * are computed on the device, together with the maximum of every group of {@link #CHUNK}
 * similarities in a row; Java then reads only the groups whose maximum can change the result
 * (zero-copy from the engine's buffer on the CPU). Query blocks are spread over {@link
 * EvalConfig#threads()} workers, each computing and reading its own blocks, so at most {@code
 * threads} similarity blocks exist at a time and engine work overlaps Java work. On the CPU this is
 * fastest with one PyTorch intra-op thread per worker (what {@code rankkit eval} sets up).
 *
 * <p>Without {@code map} (and when every query needs at most {@link #TOP_LIST_LIMIT} ranks), one
 * pass keeps a running top list per query. Otherwise two passes count the exact rank of every
 * positive: the first collects the positives' similarities, the second counts, for each positive,
 * the negatives ranked before it. Either way the ranking is by descending similarity, ties to the
 * lower database index, and every comparison uses the same computed similarity values, so the
 * results do not depend on the block sizes.
 */
final class BlockedSearch {

  /** Largest per-query list the top-list pass keeps; longer needs use rank counting. */
  static final int TOP_LIST_LIMIT = 4096;

  /** Similarities per group whose maximum the engine computes (a power of two). */
  static final int CHUNK = 16;

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
      // query blocks are the unit of parallel work: each worker computes its own similarity
      // blocks and reads them itself, so engine and Java work overlap without shared state
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int start = 0; start < numQueries; start += config.queryBlock()) {
        int q0 = start;
        int q1 = Math.min(numQueries, q0 + config.queryBlock());
        tasks.add(() -> {
          try (NDManager step = scope.newSubManager()) {
            NDArray qBlock = queries.get(new NDIndex("{}:{}", q0, q1));
            qBlock.attach(step);
            if (countRanks) {
              countRanks(qBlock, q0, q1, dbBlocks, metrics, step);
            } else {
              topLists(qBlock, q0, q1, dbBlocks, metrics, step, needR);
            }
          }
          return null;
        });
      }
      invokeAll(pool, tasks);
    } finally {
      pool.shutdownNow();
    }
    return metrics.totals(config.ks());
  }

  // ---------------------------------------------------------------- top lists

  private void topLists(
      NDArray qBlock, int q0, int q1, List<NDArray> dbBlocks, RankingMetrics metrics,
      NDManager step, boolean needR) {
    int maxK = config.metrics().contains(Metric.RECALL) ? config.maxK() : 1;
    TopList[] lists = new TopList[q1 - q0];
    for (int i = q0; i < q1; i++) {
      int keep = Math.min(dbSize - (leaveOneOut ? 1 : 0), Math.max(maxK, needR ? positives[i] : 0));
      lists[i - q0] = new TopList(Math.max(1, keep));
    }
    int g0 = 0;
    for (NDArray dbBlock : dbBlocks) {
      int start = g0;
      g0 += forEachRow(qBlock, dbBlock, q0, q1, step, (block, row, i) -> {
        TopList list = lists[i - q0];
        int self = leaveOneOut ? i - start : -1;
        if (block.f != null) {
          list.offer(block, row, start, self);
        } else {
          list.offerDouble(block, row, start, self);
        }
      });
    }
    boolean[] relevant = new boolean[0];
    for (int i = q0; i < q1; i++) {
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
  }

  /**
   * The best {@code keep} database items seen so far, by descending similarity and then ascending
   * index. Candidates that rank before the current threshold item (the {@code keep}-th best at the
   * last compaction) are appended and the buffer is compacted when full, so the result does not
   * depend on the order in which items are offered.
   */
  static final class TopList {
    final int keep;
    double[] val;
    int[] idx;
    int size;
    double thresholdValue = Double.NEGATIVE_INFINITY;
    int thresholdIndex = Integer.MAX_VALUE;

    TopList(int keep) {
      this.keep = keep;
      int capacity = Math.max(4 * keep, keep + 64);
      val = new double[capacity];
      idx = new int[capacity];
    }

    /**
     * Offers row {@code row} of a float32 block whose first column is database item {@code base}.
     * While the list is not full, the {@code keep}-th largest group maximum is a lower bound (a
     * floor) of the final {@code keep}-th similarity: groups and items below it are skipped.
     */
    void offer(SimBlock block, int row, int base, int self) {
      float[] max = block.rowMaxF(row);
      FloatBuffer f = block.f;
      int rowStart = row * block.width;
      int groups = block.groups;
      float floor = Float.NEGATIVE_INFINITY;
      if (thresholdIndex == Integer.MAX_VALUE && groups >= keep) {
        float[] copy = block.selectScratchF();
        System.arraycopy(max, 0, copy, 0, groups);
        floor = Ranking.kthLargest(copy, groups, keep);
      }
      float thr = Math.max(floor, (float) thresholdValue);
      for (int p = 0; p < groups; p++) {
        if (max[p] >= thr) {
          for (int c = p; c < groups * CHUNK; c += groups) {
            float s = f.get(rowStart + c);
            if (s >= thr && c != self) {
              offer(s, base + c);
              thr = Math.max(floor, (float) thresholdValue);
            }
          }
        }
      }
      for (int c = groups * CHUNK; c < block.width; c++) {
        float s = f.get(rowStart + c);
        if (s >= thr && c != self) {
          offer(s, base + c);
          thr = Math.max(floor, (float) thresholdValue);
        }
      }
      settle();
    }

    /** Offers row {@code row} of a float64 block whose first column is database item {@code base}. */
    void offerDouble(SimBlock block, int row, int base, int self) {
      double[] max = block.rowMaxD(row);
      DoubleBuffer d = block.d;
      int rowStart = row * block.width;
      int groups = block.groups;
      double floor = Double.NEGATIVE_INFINITY;
      if (thresholdIndex == Integer.MAX_VALUE && groups >= keep) {
        double[] copy = block.selectScratchD();
        System.arraycopy(max, 0, copy, 0, groups);
        floor = Ranking.kthLargest(copy, groups, keep);
      }
      double thr = Math.max(floor, thresholdValue);
      for (int p = 0; p < groups; p++) {
        if (max[p] >= thr) {
          for (int c = p; c < groups * CHUNK; c += groups) {
            double s = d.get(rowStart + c);
            if (s >= thr && c != self) {
              offer(s, base + c);
              thr = Math.max(floor, thresholdValue);
            }
          }
        }
      }
      for (int c = groups * CHUNK; c < block.width; c++) {
        double s = d.get(rowStart + c);
        if (s >= thr && c != self) {
          offer(s, base + c);
          thr = Math.max(floor, thresholdValue);
        }
      }
      settle();
    }

    /** Sets the threshold as soon as the list holds {@code keep} items. */
    private void settle() {
      if (thresholdIndex == Integer.MAX_VALUE && size >= keep) {
        compact();
      }
    }

    /** Adds item j with similarity s if it ranks before the threshold item. */
    void offer(double s, int j) {
      if (!Ranking.before(s, j, thresholdValue, thresholdIndex)) {
        return;
      }
      val[size] = s;
      idx[size] = j;
      size++;
      if (size == val.length) {
        compact();
      }
    }

    private void compact() {
      if (size >= keep) {
        Ranking.select(val, idx, 0, size, keep - 1);
        size = keep;
        thresholdValue = val[keep - 1];
        thresholdIndex = idx[keep - 1];
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
      NDManager step) {
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
      int start = g0;
      int width = (int) dbBlock.getShape().get(1);
      g0 += forEachRow(qBlock, dbBlock, q0, q1, step, (block, row, i) -> {
        int r = i - q0;
        if (posVal[r].length == 0) {
          return;
        }
        int[] same = byLabel.get(queryLabels[i]);
        int from = lowerBound(same, start);
        int to = lowerBound(same, start + width);
        int rowStart = row * width;
        for (int m = from; m < to; m++) {
          int j = same[m];
          if (leaveOneOut && j == i) {
            continue;
          }
          posVal[r][filled[r]] = block.get(rowStart + j - start);
          posIdx[r][filled[r]] = j;
          filled[r]++;
        }
      });
    }
    for (int r = 0; r < n; r++) {
      Ranking.sort(posVal[r], posIdx[r], 0, posVal[r].length);
    }
    // pass 2: each negative not below the worst positive is counted before the first positive it beats
    int[][] before = new int[n][];
    for (int r = 0; r < n; r++) {
      before[r] = new int[posVal[r].length + 1];
    }
    g0 = 0;
    for (NDArray dbBlock : dbBlocks) {
      int start = g0;
      g0 += forEachRow(qBlock, dbBlock, q0, q1, step, (block, row, i) -> {
        int r = i - q0;
        double[] pv = posVal[r];
        if (pv.length == 0) {
          return;
        }
        int[] pi = posIdx[r];
        int[] counts = before[r];
        long y = queryLabels[i];
        int self = leaveOneOut ? i - start : -1;
        double worst = pv[pv.length - 1];
        int rowStart = row * block.width;
        int groups = block.groups;
        if (block.f != null) {
          float[] max = block.rowMaxF(row);
          float worstF = (float) worst;
          for (int p = 0; p < groups; p++) {
            if (max[p] >= worstF) {
              for (int c = p; c < groups * CHUNK; c += groups) {
                float s = block.f.get(rowStart + c);
                if (s >= worstF) {
                  countNegative(pv, pi, counts, s, c, start, y, self);
                }
              }
            }
          }
        } else {
          double[] max = block.rowMaxD(row);
          for (int p = 0; p < groups; p++) {
            if (max[p] >= worst) {
              for (int c = p; c < groups * CHUNK; c += groups) {
                double s = block.d.get(rowStart + c);
                if (s >= worst) {
                  countNegative(pv, pi, counts, s, c, start, y, self);
                }
              }
            }
          }
        }
        for (int c = groups * CHUNK; c < block.width; c++) {
          double s = block.get(rowStart + c);
          if (s >= worst) {
            countNegative(pv, pi, counts, s, c, start, y, self);
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
      metrics.recordRanks(i, ranks);
    }
  }

  /** Counts column {@code c} of a block (database item start + c) if it is a negative. */
  private void countNegative(
      double[] pv, int[] pi, int[] counts, double s, int c, int start, long y, int self) {
    int j = start + c;
    if (c != self && dbLabels[j] != y) {
      counts[firstBeaten(pv, pi, s, j)]++;
    }
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
      if (Ranking.before(s, j, pv[mid], pi[mid])) {
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

  /**
   * One similarity block as the worker threads see it: the row-major similarities and, per row,
   * {@code groups} maxima, maximum p covering the columns p, p + groups, …, p + (CHUNK − 1)·groups;
   * the last {@code width − groups·CHUNK} columns have no maximum. Exactly one of the float and
   * double views is set. Read by one thread.
   */
  static final class SimBlock {
    final int width;
    final int groups;
    final FloatBuffer f;
    final DoubleBuffer d;
    private final FloatBuffer fMax;
    private final DoubleBuffer dMax;
    private final float[][] floatScratch;
    private final double[][] doubleScratch;

    SimBlock(int width, int groups, ByteBuffer sims, ByteBuffer maxima, boolean doublePrecision) {
      this.width = width;
      this.groups = groups;
      this.f = doublePrecision ? null : sims.asFloatBuffer();
      this.d = doublePrecision ? sims.asDoubleBuffer() : null;
      this.fMax = doublePrecision || maxima == null ? null : maxima.asFloatBuffer();
      this.dMax = doublePrecision && maxima != null ? maxima.asDoubleBuffer() : null;
      floatScratch = doublePrecision ? null : new float[2][groups];
      doubleScratch = doublePrecision ? new double[2][groups] : null;
    }

    /** Returns the group maxima of a row (float32), in a scratch array. */
    float[] rowMaxF(int row) {
      float[] max = floatScratch[0];
      if (groups > 0) {
        fMax.get(row * groups, max, 0, groups);
      }
      return max;
    }

    /** Returns the group maxima of a row (float64), in a scratch array. */
    double[] rowMaxD(int row) {
      double[] max = doubleScratch[0];
      if (groups > 0) {
        dMax.get(row * groups, max, 0, groups);
      }
      return max;
    }

    /** Returns a scratch array of {@code groups} floats. */
    float[] selectScratchF() {
      return floatScratch[1];
    }

    /** Returns a scratch array of {@code groups} doubles. */
    double[] selectScratchD() {
      return doubleScratch[1];
    }

    /** Returns the similarity at a flat (row-major) position. */
    double get(int flat) {
      return f != null ? f.get(flat) : d.get(flat);
    }
  }

  /** Consumes one similarity row of a block. */
  @FunctionalInterface
  private interface RowConsumer {
    void accept(SimBlock block, int rowInBlock, int query);
  }

  /** Computes one block and hands each row to the consumer; returns the block's width. */
  private int forEachRow(
      NDArray qBlock, NDArray dbBlock, int q0, int q1, NDManager step, RowConsumer consumer) {
    try (NDManager blockScope = step.newSubManager()) {
      NDArray sims = qBlock.matMul(dbBlock);
      sims.attach(blockScope);
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
      SimBlock block = new SimBlock(width, groups, sims.toByteBuffer(true), maxima, doublePrecision);
      for (int i = q0; i < q1; i++) {
        consumer.accept(block, i - q0, i);
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

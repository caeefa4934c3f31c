package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The blocked search against brute-force loops (full sort of every query's database) on random
 * data with many exact ties: every block size and both search paths give identical metrics, equal
 * to the reference.
 */
class BruteForceTest {

  /** Small blocks (1, 7, odd shapes) for small data; wide ones (several groups per row) for larger. */
  private static final int[][] SMALL_BLOCKS = {{1, 1}, {7, 7}, {3, 50}, {1 << 20, 1 << 20}};
  private static final int[][] WIDE_BLOCKS = {{64, 16}, {5, 33}, {40, 256}, {1 << 20, 1 << 20}};
  private static final List<Integer> KS = List.of(1, 2, 5, 8);

  private static NDManager manager;

  @BeforeAll
  static void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void close() {
    manager.close();
  }

  /**
   * Rows with exactly four entries of ±1: every norm is 2 and every cosine a multiple of 1/4, exact
   * in float32 and float64 whatever the summation order, so ties are exact and plentiful.
   */
  static double[][] discrete(Random random, int n, int d) {
    double[][] x = new double[n][d];
    for (double[] row : x) {
      List<Integer> cols = new ArrayList<>();
      for (int c = 0; c < d; c++) {
        cols.add(c);
      }
      java.util.Collections.shuffle(cols, random);
      for (int t = 0; t < 4; t++) {
        row[cols.get(t)] = random.nextBoolean() ? 1 : -1;
      }
    }
    return x;
  }

  static long[] labels(Random random, int n, int classes) {
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(classes);
    }
    return y;
  }

  @ParameterizedTest(name = "float64={0}")
  @ValueSource(booleans = {false, true})
  void leaveOneOutMatchesBruteForce(boolean float64) {
    Random random = new Random(11);
    double[][] x = discrete(random, 40, 6);
    long[] y = labels(random, 40, 6);
    y[17] = 999; // a query with no relevant item
    checkAllBlocks(x, y, null, null, float64, SMALL_BLOCKS);
    x = discrete(random, 400, 6);
    y = labels(random, 400, 40);
    y[17] = 999;
    checkAllBlocks(x, y, null, null, float64, WIDE_BLOCKS);
  }

  @ParameterizedTest(name = "float64={0}")
  @ValueSource(booleans = {false, true})
  void queryGalleryMatchesBruteForce(boolean float64) {
    Random random = new Random(12);
    double[][] gallery = discrete(random, 300, 6);
    long[] gy = labels(random, 300, 30);
    double[][] queries = discrete(random, 50, 6);
    long[] qy = labels(random, 50, 33); // labels 30..32 have no gallery item
    checkAllBlocks(queries, qy, gallery, gy, float64, WIDE_BLOCKS);
    checkAllBlocks(java.util.Arrays.copyOf(queries, 15), java.util.Arrays.copyOf(qy, 15),
        java.util.Arrays.copyOf(gallery, 40), java.util.Arrays.copyOf(gy, 40), float64, SMALL_BLOCKS);
  }

  @Test
  void gaussianWithDuplicatesMatchesBruteForce() {
    Random random = new Random(13);
    double[][] x = new double[200][5];
    for (int i = 0; i < x.length; i++) {
      if (i % 9 == 4) {
        x[i] = x[i - 3].clone(); // exact duplicates: equal similarities, ties by index
      } else {
        for (int c = 0; c < 5; c++) {
          x[i][c] = random.nextGaussian();
        }
      }
    }
    long[] y = labels(random, 200, 12);
    checkAllBlocks(x, y, null, null, true, WIDE_BLOCKS);
    checkAllBlocks(x, y, null, null, false, WIDE_BLOCKS);
    checkAllBlocks(java.util.Arrays.copyOf(x, 30), java.util.Arrays.copyOf(y, 30), null, null, true, SMALL_BLOCKS);
  }

  private void checkAllBlocks(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean float64, int[][] blockSizes) {
    Map<String, Double> expected = bruteForce(q, qy, g == null ? q : g, g == null ? qy : gy, g == null);
    Set<Metric> withMap = EnumSet.of(Metric.RECALL, Metric.R_PRECISION, Metric.MAP_AT_R, Metric.MAP);
    Set<Metric> withoutMap = EnumSet.of(Metric.RECALL, Metric.R_PRECISION, Metric.MAP_AT_R);
    Map<String, Double> first = null;
    for (Set<Metric> metrics : List.of(withMap, withoutMap)) {
      for (int b = 0; b < blockSizes.length; b++) {
        int[] blocks = blockSizes[b];
        int threads = 1 + b % 2; // alternate one and two workers
        EvalConfig config =
            EvalConfig.defaults().withKs(KS).withMetrics(metrics).withBlocks(blocks[0], blocks[1]).withThreads(threads);
        EvaluationResult result = evaluate(q, qy, g, gy, float64, config);
        String what = (float64 ? "f64 " : "f32 ") + "blocks " + blocks[0] + "x" + blocks[1] + " threads " + threads + " " + metrics;
        for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
          assertThat(e.getValue()).as(what + " " + e.getKey()).isCloseTo(expected.get(e.getKey()), within(1e-12));
        }
        assertThat(result.metrics().keySet()).hasSize(metrics.contains(Metric.MAP) ? 7 : 6);
        if (first == null) {
          first = result.metrics();
        } else {
          for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
            assertThat(e.getValue()).as(what + " identical " + e.getKey()).isEqualTo(first.get(e.getKey()));
          }
        }
        assertThat(result.queries()).isEqualTo(qy.length);
        assertThat(result.validQueries()).isEqualTo(expected.get("valid").intValue());
      }
    }
  }

  private static EvaluationResult evaluate(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean float64, EvalConfig config) {
    try (NDManager scope = manager.newSubManager()) {
      DataType type = float64 ? DataType.FLOAT64 : DataType.FLOAT32;
      NDArray qa = scope.create(q).toType(type, false);
      RetrievalEvaluator evaluator = new RetrievalEvaluator();
      if (g == null) {
        return evaluator.leaveOneOut(qa, qy, config);
      }
      return evaluator.queryGallery(qa, qy, scope.create(g).toType(type, false), gy, config);
    }
  }

  /** Brute force: every query's whole database sorted by (similarity desc, index asc). */
  static Map<String, Double> bruteForce(double[][] q, long[] qy, double[][] g, long[] gy, boolean leaveOneOut) {
    double[][] qn = normalise(q);
    double[][] gn = normalise(g);
    int[] hits = new int[KS.size()];
    double sumRp = 0;
    double sumMapR = 0;
    double sumMap = 0;
    int valid = 0;
    for (int i = 0; i < q.length; i++) {
      List<Integer> db = new ArrayList<>();
      double[] sims = new double[g.length];
      for (int j = 0; j < g.length; j++) {
        if (leaveOneOut && j == i) {
          continue;
        }
        db.add(j);
        for (int c = 0; c < qn[i].length; c++) {
          sims[j] += qn[i][c] * gn[j][c];
        }
      }
      db.sort(Comparator.<Integer>comparingDouble(j -> -sims[j]).thenComparingInt(j -> j));
      boolean[] rel = new boolean[db.size()];
      int r = 0;
      for (int m = 0; m < db.size(); m++) {
        rel[m] = gy[db.get(m)] == qy[i];
        r += rel[m] ? 1 : 0;
      }
      for (int t = 0; t < KS.size(); t++) {
        for (int m = 0; m < KS.get(t); m++) {
          if (rel[m]) {
            hits[t]++;
            break;
          }
        }
      }
      if (r == 0) {
        continue;
      }
      valid++;
      int seen = 0;
      double ap = 0;
      double apR = 0;
      int inTopR = 0;
      for (int m = 0; m < db.size(); m++) {
        if (rel[m]) {
          seen++;
          ap += (double) seen / (m + 1);
          if (m < r) {
            apR += (double) seen / (m + 1);
            inTopR++;
          }
        }
      }
      sumRp += (double) inTopR / r;
      sumMapR += apR / r;
      sumMap += ap / r;
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int t = 0; t < KS.size(); t++) {
      out.put("recall@" + KS.get(t), (double) hits[t] / q.length);
    }
    out.put("r_precision", valid == 0 ? 0 : sumRp / valid);
    out.put("map_at_r", valid == 0 ? 0 : sumMapR / valid);
    out.put("map", valid == 0 ? 0 : sumMap / valid);
    out.put("valid", (double) valid);
    return out;
  }

  static double[][] normalise(double[][] x) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double norm = 0;
      for (double v : x[i]) {
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      out[i] = new double[x[i].length];
      for (int c = 0; c < x[i].length; c++) {
        out[i][c] = x[i][c] / norm;
      }
    }
    return out;
  }
}

package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;
import org.rankkit.testkit.RankingMetricContract;

/**
 * The chunked search against brute-force loops (full sort of every query's gallery) on random data
 * with many exact ties: every chunk size and both search paths give identical metrics, equal to the
 * reference.
 */
class BruteForceTest {

  /**
   * Small chunks (1, 7, odd shapes) for small data; wide ones (several groups per row) for larger.
   */
  private static final int[][] SMALL_CHUNKS = {{1, 1}, {7, 7}, {3, 50}, {1 << 20, 1 << 20}};

  private static final int[][] WIDE_CHUNKS = {{64, 16}, {5, 33}, {40, 256}, {1 << 20, 1 << 20}};
  private static final List<Integer> KS = List.of(1, 2, 5, 8);

  @RegisterExtension static final ManagerPerClass MANAGER = new ManagerPerClass();

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
    checkAllChunks(x, y, null, null, float64, SMALL_CHUNKS);
    x = discrete(random, 400, 6);
    y = labels(random, 400, 40);
    y[17] = 999;
    checkAllChunks(x, y, null, null, float64, WIDE_CHUNKS);
  }

  @ParameterizedTest(name = "float64={0}")
  @ValueSource(booleans = {false, true})
  void queryGalleryMatchesBruteForce(boolean float64) {
    Random random = new Random(12);
    double[][] gallery = discrete(random, 300, 6);
    long[] gy = labels(random, 300, 30);
    double[][] queries = discrete(random, 50, 6);
    long[] qy = labels(random, 50, 33); // labels 30..32 have no gallery item
    checkAllChunks(queries, qy, gallery, gy, float64, WIDE_CHUNKS);
    checkAllChunks(
        java.util.Arrays.copyOf(queries, 15),
        java.util.Arrays.copyOf(qy, 15),
        java.util.Arrays.copyOf(gallery, 40),
        java.util.Arrays.copyOf(gy, 40),
        float64,
        SMALL_CHUNKS);
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
    checkAllChunks(x, y, null, null, true, WIDE_CHUNKS);
    checkAllChunks(x, y, null, null, false, WIDE_CHUNKS);
    checkAllChunks(
        java.util.Arrays.copyOf(x, 30),
        java.util.Arrays.copyOf(y, 30),
        null,
        null,
        true,
        SMALL_CHUNKS);
  }

  /** Precision at every k: a metric that reads the top k, averaged over every query. */
  static final class PrecisionAtK implements RankingMetric {
    @Override
    public List<String> keys(List<Integer> ks) {
      return ks.stream().map(k -> "precision@" + k).toList();
    }

    @Override
    public int depth(int positives, List<Integer> ks) {
      return java.util.Collections.max(ks);
    }

    @Override
    public double[] score(QueryRanking query, List<Integer> ks) {
      return ks.stream().mapToDouble(k -> (double) query.hitsWithin(k) / k).toArray();
    }

    @Override
    public boolean averagedOverEveryQuery() {
      return true;
    }
  }

  /** The reciprocal rank of the first positive and of the last: reads every positive's rank. */
  static final class ReciprocalRanks implements RankingMetric {
    @Override
    public List<String> keys(List<Integer> ks) {
      return List.of("rr_first", "rr_last");
    }

    @Override
    public int depth(int positives, List<Integer> ks) {
      return EVERY_POSITIVE;
    }

    @Override
    public double[] score(QueryRanking query, List<Integer> ks) {
      return new double[] {1.0 / query.rank(0), 1.0 / query.rank(query.found() - 1)};
    }
  }

  /**
   * Any ranking metric, built in or from a plugin, is averaged from its score of each query's exact
   * ranking: the evaluator's means equal the brute-force means for every chunk size and thread
   * count, on the top-list path (a top-k metric alone, searched only as deep as it reads) and on
   * the rank-counting path.
   */
  @Test
  void pluginRankingMetricsMatchTheirScoreOfTheWholeRanking() {
    Random random = new Random(14);
    double[][] x = discrete(random, 300, 6);
    long[] y = labels(random, 300, 30);
    y[5] =
        999; // a query without positives: counted by precision@k, skipped by the reciprocal ranks
    boolean[][] rankings = rankings(x, y, x, y, true);
    RankingMetric precision = new PrecisionAtK();
    RankingMetric reciprocal = new ReciprocalRanks();
    for (List<RetrievalMetric> metrics :
        List.<List<RetrievalMetric>>of(
            List.of(precision),
            List.of(precision, reciprocal),
            List.of(reciprocal, RecallAtK.INSTANCE))) {
      Map<String, Double> expected = new LinkedHashMap<>();
      for (RetrievalMetric metric : metrics) {
        RankingMetric ranking = (RankingMetric) metric;
        List<String> keys = ranking.keys(KS);
        double[] sums = new double[keys.size()];
        int counted = 0;
        for (boolean[] relevant : rankings) {
          RankingMetricContract.Query query = new RankingMetricContract.Query(relevant, KS);
          if (query.relevantCount() == 0 && !ranking.averagedOverEveryQuery()) {
            continue;
          }
          counted++;
          double[] values = ranking.score(query.full(), KS);
          for (int j = 0; j < sums.length; j++) {
            sums[j] += values[j];
          }
        }
        for (int j = 0; j < sums.length; j++) {
          expected.put(keys.get(j), sums[j] / counted);
        }
      }
      for (int b = 0; b < WIDE_CHUNKS.length; b++) {
        EvalConfig config =
            EvalConfig.defaults()
                .withKs(KS)
                .withMetrics(metrics)
                .withChunks(WIDE_CHUNKS[b][0], WIDE_CHUNKS[b][1])
                .withThreads(1 + b % 2);
        EvaluationResult result = evaluate(x, y, null, null, b % 2 == 0, config);
        assertThat(result.metrics().keySet())
            .as("output order")
            .containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Double> e : expected.entrySet()) {
          assertThat(result.metric(e.getKey()))
              .as(e.getKey() + " with chunks " + WIDE_CHUNKS[b][0] + "x" + WIDE_CHUNKS[b][1])
              .isCloseTo(e.getValue(), within(1e-12));
        }
      }
    }
  }

  private void checkAllChunks(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean float64, int[][] chunkSizes) {
    Map<String, Double> expected =
        bruteForce(q, qy, g == null ? q : g, g == null ? qy : gy, g == null);
    List<RetrievalMetric> withMap =
        List.of(
            RecallAtK.INSTANCE,
            RPrecision.INSTANCE,
            MapAtR.INSTANCE,
            MeanAveragePrecision.INSTANCE);
    List<RetrievalMetric> withoutMap =
        List.of(RecallAtK.INSTANCE, RPrecision.INSTANCE, MapAtR.INSTANCE);
    Map<String, Double> first = null;
    for (List<RetrievalMetric> metrics : List.of(withMap, withoutMap)) {
      for (int b = 0; b < chunkSizes.length; b++) {
        int[] chunks = chunkSizes[b];
        int threads = 1 + b % 2; // alternate one and two workers
        EvalConfig config =
            EvalConfig.defaults()
                .withKs(KS)
                .withMetrics(metrics)
                .withChunks(chunks[0], chunks[1])
                .withThreads(threads);
        EvaluationResult result = evaluate(q, qy, g, gy, float64, config);
        String what =
            (float64 ? "f64 " : "f32 ")
                + "chunks "
                + chunks[0]
                + "x"
                + chunks[1]
                + " threads "
                + threads
                + " "
                + metrics;
        for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
          assertThat(e.getValue())
              .as(what + " " + e.getKey())
              .isCloseTo(expected.get(e.getKey()), within(1e-12));
        }
        assertThat(result.metrics().keySet())
            .hasSize(metrics.contains(MeanAveragePrecision.INSTANCE) ? 7 : 6);
        if (first == null) {
          first = result.metrics();
        } else {
          for (Map.Entry<String, Double> e : result.metrics().entrySet()) {
            assertThat(e.getValue())
                .as(what + " identical " + e.getKey())
                .isEqualTo(first.get(e.getKey()));
          }
        }
        assertThat(result.queries()).isEqualTo(qy.length);
        assertThat(result.validQueries()).isEqualTo(expected.get("valid").intValue());
      }
    }
  }

  private static EvaluationResult evaluate(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean float64, EvalConfig config) {
    try (NDManager scope = MANAGER.get().newSubManager()) {
      DataType type = float64 ? DataType.FLOAT64 : DataType.FLOAT32;
      NDArray qa = scope.create(q).toType(type, false);
      RetrievalEvaluator evaluator = new RetrievalEvaluator();
      if (g == null) {
        return evaluator.leaveOneOut(qa, qy, config);
      }
      return evaluator.queryGallery(qa, qy, scope.create(g).toType(type, false), gy, config);
    }
  }

  /**
   * Brute force: every query's whole gallery sorted by (similarity desc, index asc); returns, per
   * query, whether the item at each rank is a positive.
   */
  static boolean[][] rankings(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean leaveOneOut) {
    double[][] qn = normalise(q);
    double[][] gn = normalise(g);
    boolean[][] rankings = new boolean[q.length][];
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
      rankings[i] = new boolean[db.size()];
      for (int m = 0; m < db.size(); m++) {
        rankings[i][m] = gy[db.get(m)] == qy[i];
      }
    }
    return rankings;
  }

  /** Brute force of the built-in metrics over {@link #rankings}. */
  static Map<String, Double> bruteForce(
      double[][] q, long[] qy, double[][] g, long[] gy, boolean leaveOneOut) {
    int[] hits = new int[KS.size()];
    double sumRp = 0;
    double sumMapR = 0;
    double sumMap = 0;
    int valid = 0;
    for (boolean[] rel : rankings(q, qy, g, gy, leaveOneOut)) {
      int r = 0;
      for (boolean b : rel) {
        r += b ? 1 : 0;
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
      for (int m = 0; m < rel.length; m++) {
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

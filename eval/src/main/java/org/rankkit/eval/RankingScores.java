package org.rankkit.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * Every ranking metric's values per query, and their means (docs/numeric-spec.md): a metric {@link
 * RankingMetric#averagedOverEveryQuery() averaged over every query} ({@code recall@k}) divides by
 * all queries, the others by the queries with R ≥ 1 positives (0 when there is none).
 *
 * <p>Each query writes only its own slots, so queries may be recorded from several threads; the
 * means are summed in query order, so they do not depend on blocking or threading.
 */
final class RankingScores {

  private final List<RankingMetric> metrics;
  private final List<Integer> ks;
  private final int queries;

  /** Per metric: its values, query after query ({@code width} per query). */
  private final double[][] values;

  private final int[] width;
  private final boolean[] valid;

  RankingScores(List<RankingMetric> metrics, List<Integer> ks, int queries) {
    this.metrics = metrics;
    this.ks = ks;
    this.queries = queries;
    values = new double[metrics.size()][];
    width = new int[metrics.size()];
    for (int m = 0; m < metrics.size(); m++) {
      width[m] = metrics.get(m).keys(ks).size();
      values[m] = new double[Math.multiplyExact(queries, width[m])];
    }
    valid = new boolean[queries];
  }

  /** Returns the deepest rank any metric reads for a query with this many positives. */
  int depth(int positives) {
    int depth = 0;
    for (RankingMetric metric : metrics) {
      depth = Math.max(depth, metric.depth(positives, ks));
    }
    return depth;
  }

  /**
   * Scores one query with every metric.
   *
   * @param query query index
   * @param ranking its positives and their ranks (at least as deep as {@link #depth})
   * @throws IllegalStateException when a metric returns the wrong number of values or one that is
   *     not finite
   */
  void record(int query, QueryRanking ranking) {
    valid[query] = ranking.positives() > 0;
    for (int m = 0; m < metrics.size(); m++) {
      RankingMetric metric = metrics.get(m);
      if (!valid[query] && !metric.averagedOverEveryQuery()) {
        continue;
      }
      double[] scores = metric.score(ranking, ks);
      if (scores.length != width[m]) {
        throw new IllegalStateException(
            metric.getClass().getName()
                + " scored "
                + scores.length
                + " values for its "
                + width[m]
                + " keys "
                + metric.keys(ks));
      }
      for (double v : scores) {
        if (!Double.isFinite(v)) {
          throw new IllegalStateException(
              metric.getClass().getName()
                  + " scored "
                  + v
                  + " for "
                  + ranking
                  + "; values must be finite");
        }
      }
      System.arraycopy(scores, 0, values[m], query * width[m], width[m]);
    }
  }

  /** {@return the number of queries with at least one positive} */
  int validQueries() {
    int count = 0;
    for (boolean v : valid) {
      count += v ? 1 : 0;
    }
    return count;
  }

  /** {@return every metric's means by result key, in the metrics' order} */
  Map<String, Double> means() {
    int validCount = validQueries();
    Map<String, Double> means = new LinkedHashMap<>();
    for (int m = 0; m < metrics.size(); m++) {
      boolean everyQuery = metrics.get(m).averagedOverEveryQuery();
      List<String> keys = metrics.get(m).keys(ks);
      for (int j = 0; j < width[m]; j++) {
        double sum = 0;
        for (int q = 0; q < queries; q++) {
          if (everyQuery || valid[q]) {
            sum += values[m][q * width[m] + j];
          }
        }
        int count = everyQuery ? queries : validCount;
        means.put(keys.get(j), count == 0 ? 0 : sum / count);
      }
    }
    return means;
  }
}

package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * The conformance contract of a {@link RankingMetric}, as JUnit 5 tests: implement this interface
 * in a test class of your plugin, return your metric from {@link #metric()} and write the metric
 * once more as a plain loop over a query's whole ranking in {@link #bruteForce}.
 *
 * <pre>{@code
 * class PrecisionAtKContractTest implements RankingMetricContract {
 *   public RankingMetric metric() { return new PrecisionAtK(); }
 *   public double[] bruteForce(boolean[] relevant, List<Integer> ks) {
 *     double[] values = new double[ks.size()];
 *     for (int i = 0; i < ks.size(); i++) {
 *       for (int m = 0; m < ks.get(i); m++) {
 *         values[i] += relevant[m] ? 1.0 / ks.get(i) : 0;
 *       }
 *     }
 *     return values;
 *   }
 * }
 * }</pre>
 *
 * <p>Every test runs on {@value #QUERIES} seeded random queries (galleries of 1 to 40 items, 0 to
 * all of them positives, several sets of cut-offs; a query without positives only for a metric
 * {@linkplain RankingMetric#averagedOverEveryQuery() averaged over every query}, since the
 * evaluator scores no other):
 *
 * <ul>
 *   <li>{@link #keysAreDistinctAndOnePerValue()}: the keys are distinct, and every score has one
 *       value per key;
 *   <li>{@link #scoresEqualTheBruteForce()}: the score of the ranking that knows every positive's
 *       rank equals {@link #bruteForce} of the whole ranking, within {@link #tolerance()};
 *   <li>{@link #scoresReadNoDeeperThanTheDepth()}: the score is the same (exactly) when only the
 *       positives within the metric's {@linkplain RankingMetric#depth depth} are known, as in the
 *       evaluator's top-list search, and when a deeper metric makes more of them known;
 *   <li>{@link #scoresAreFiniteAndRepeatable()}: every value is finite, and scoring again gives the
 *       same values.
 * </ul>
 *
 * <p>Together with the evaluator's own test (its means equal the brute-force means of any metric
 * over the exact ranking, for every chunk size and both search paths), passing this contract means
 * that {@code rankkit eval} computes the metric exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface RankingMetricContract {

  /** Random queries per test. */
  int QUERIES = 600;

  /**
   * Returns the metric under test (metrics are immutable).
   *
   * @return the metric
   */
  RankingMetric metric();

  /**
   * The reference: the metric's values from a query's whole ranking, written as a plain loop.
   *
   * @param relevant whether the gallery item at each rank (index 0 = rank 1) is a positive; every
   *     item of the query's gallery is there, so R is the number of true entries
   * @param ks the cut-offs, ascending, each at most {@code relevant.length}
   * @return one value per key of the metric
   */
  double[] bruteForce(boolean[] relevant, List<Integer> ks);

  /** {@return the largest allowed difference from the reference (default 1e-12)} */
  default double tolerance() {
    return 1e-12;
  }

  /** Distinct keys, one value per key. */
  @Test
  default void keysAreDistinctAndOnePerValue() {
    for (Query query : RankingMetricCases.queries(metric(), QUERIES, 1)) {
      List<String> keys = metric().keys(query.ks());
      assertThat(keys).as("keys for ks " + query.ks()).isNotEmpty().doesNotHaveDuplicates();
      assertThat(new HashSet<>(keys)).hasSameSizeAs(keys);
      assertThat(metric().score(query.full(), query.ks()))
          .as("values of " + query + " for keys " + keys)
          .hasSize(keys.size());
    }
  }

  /** Equal to the brute force on every random query. */
  @Test
  default void scoresEqualTheBruteForce() {
    for (Query query : RankingMetricCases.queries(metric(), QUERIES, 2)) {
      double[] actual = metric().score(query.full(), query.ks());
      double[] expected = bruteForce(query.relevant(), query.ks());
      assertThat(actual).as("values of " + query).hasSameSizeAs(expected);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i])
            .as(metric().keys(query.ks()).get(i) + " of " + query)
            .isCloseTo(expected[i], within(tolerance()));
      }
    }
  }

  /** Reads no rank deeper than the declared depth. */
  @Test
  default void scoresReadNoDeeperThanTheDepth() {
    for (Query query : RankingMetricCases.queries(metric(), QUERIES, 3)) {
      int depth = metric().depth(query.relevantCount(), query.ks());
      assertThat(depth).as("depth for " + query).isNotNegative();
      double[] full = metric().score(query.full(), query.ks());
      if (depth == RankingMetric.EVERY_POSITIVE) {
        continue;
      }
      int seen = Math.min(depth, query.relevant().length);
      assertThat(metric().score(query.within(seen), query.ks()))
          .as("values of " + query + " knowing only ranks 1.." + seen + " (the depth)")
          .containsExactly(full);
      int deeper = seen + (query.relevant().length - seen) / 2;
      assertThat(metric().score(query.within(deeper), query.ks()))
          .as("values of " + query + " knowing ranks 1.." + deeper)
          .containsExactly(full);
    }
  }

  /** Finite and repeatable. */
  @Test
  default void scoresAreFiniteAndRepeatable() {
    for (Query query : RankingMetricCases.queries(metric(), QUERIES, 4)) {
      double[] first = metric().score(query.full(), query.ks());
      for (double v : first) {
        assertThat(Double.isFinite(v))
            .as("finite values for " + query + ": " + java.util.Arrays.toString(first))
            .isTrue();
      }
      assertThat(metric().score(query.full(), query.ks())).containsExactly(first);
    }
  }

  /**
   * One random query: its whole ranking's relevance and the cut-offs.
   *
   * @param relevant relevance by rank (index 0 = rank 1)
   * @param ks the cut-offs, ascending
   */
  record Query(boolean[] relevant, List<Integer> ks) {

    /** {@return R, the number of positives} */
    public int relevantCount() {
      int r = 0;
      for (boolean b : relevant) {
        r += b ? 1 : 0;
      }
      return r;
    }

    /** {@return the ranking with every positive's rank known} */
    public QueryRanking full() {
      return within(relevant.length);
    }

    /**
     * Returns the ranking that knows the positives within the top ranks only.
     *
     * @param depth ranks 1..depth are known
     * @return the ranking
     */
    public QueryRanking within(int depth) {
      List<Integer> ranks = new ArrayList<>();
      for (int m = 0; m < Math.min(depth, relevant.length); m++) {
        if (relevant[m]) {
          ranks.add(m + 1);
        }
      }
      return QueryRanking.of(relevantCount(), ranks.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder("query [");
      for (boolean b : relevant) {
        s.append(b ? '+' : '-');
      }
      return s.append("] ks ").append(ks).toString();
    }
  }
}

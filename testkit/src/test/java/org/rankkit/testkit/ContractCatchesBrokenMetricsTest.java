package org.rankkit.testkit;

import static org.rankkit.testkit.ContractRuns.assertFails;
import static org.rankkit.testkit.ContractRuns.run;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rankkit.api.metric.QueryRanking;
import org.rankkit.api.metric.RankingMetric;

/**
 * Proves that the metric contract can fail: it is run through the JUnit Platform test kit against
 * metrics with one deliberate defect each, and the test aimed at that defect must fail (while the
 * reference, precision at every k, passes every test).
 */
class ContractCatchesBrokenMetricsTest {

  /** Precision at every k, with a configurable defect. */
  static class PrecisionAtK implements RankingMetric {
    final int missedRanks;
    final boolean shallowDepth;

    PrecisionAtK(int missedRanks, boolean shallowDepth) {
      this.missedRanks = missedRanks;
      this.shallowDepth = shallowDepth;
    }

    @Override
    public List<String> keys(List<Integer> ks) {
      return ks.stream().map(k -> "precision@" + k).toList();
    }

    @Override
    public int depth(int positives, List<Integer> ks) {
      return shallowDepth ? ks.get(0) : Collections.max(ks);
    }

    @Override
    public double[] score(QueryRanking query, List<Integer> ks) {
      double[] values = new double[ks.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = (double) query.hitsWithin(ks.get(i) - missedRanks) / ks.get(i);
      }
      return values;
    }

    @Override
    public boolean averagedOverEveryQuery() {
      return true;
    }
  }

  /** The reference: precision at every k. */
  static class Reference implements RankingMetricContract {
    @Override
    public RankingMetric metric() {
      return new PrecisionAtK(0, false);
    }

    @Override
    public double[] bruteForce(boolean[] relevant, List<Integer> ks) {
      double[] values = new double[ks.size()];
      for (int i = 0; i < ks.size(); i++) {
        int hits = 0;
        for (int m = 0; m < ks.get(i); m++) {
          hits += relevant[m] ? 1 : 0;
        }
        values[i] = (double) hits / ks.get(i);
      }
      return values;
    }
  }

  /** Leaves out the positive at rank k. */
  static class OffByOne extends Reference {
    @Override
    public RankingMetric metric() {
      return new PrecisionAtK(1, false);
    }
  }

  /** Reads down to the largest k but declares the smallest. */
  static class ReadsDeeperThanItSays extends Reference {
    @Override
    public RankingMetric metric() {
      return new PrecisionAtK(0, true);
    }
  }

  /** One value whatever the number of keys. */
  static class OneValueForManyKeys extends Reference {
    @Override
    public RankingMetric metric() {
      return new PrecisionAtK(0, false) {
        @Override
        public double[] score(QueryRanking query, List<Integer> ks) {
          return new double[] {super.score(query, ks)[0]};
        }
      };
    }
  }

  /** Divides by R, also for queries without positives that it asks to be scored. */
  static class NotFinite extends Reference {
    @Override
    public RankingMetric metric() {
      return new PrecisionAtK(0, false) {
        @Override
        public double[] score(QueryRanking query, List<Integer> ks) {
          double[] values = super.score(query, ks);
          values[0] = values[0] * query.positives() / query.positives();
          return values;
        }
      };
    }
  }

  @Test
  void theReferencePassesEveryTest() {
    run(Reference.class).assertStatistics(s -> s.started(4).succeeded(4));
  }

  @Test
  void aWrongValueIsCaught() {
    assertFails(OffByOne.class, "scoresEqualTheBruteForce");
  }

  @Test
  void readingDeeperThanTheDepthIsCaught() {
    assertFails(ReadsDeeperThanItSays.class, "scoresReadNoDeeperThanTheDepth");
  }

  @Test
  void aWrongNumberOfValuesIsCaught() {
    assertFails(OneValueForManyKeys.class, "keysAreDistinctAndOnePerValue");
  }

  @Test
  void aValueThatIsNotFiniteIsCaught() {
    assertFails(NotFinite.class, "scoresAreFiniteAndRepeatable");
  }
}

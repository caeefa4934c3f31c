package org.rankkit.testkit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.rankkit.api.metric.RankingMetric;

/** The random queries of {@link RankingMetricContract}. */
final class RankingMetricCases {

  private static final List<List<Integer>> KS =
      List.of(List.of(1), List.of(1, 2, 4, 8), List.of(3, 5, 10));

  private RankingMetricCases() {}

  /** Seeded random queries; without positives only for a metric averaged over every query. */
  static List<RankingMetricContract.Query> queries(RankingMetric metric, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<RankingMetricContract.Query> queries = new ArrayList<>();
    while (queries.size() < count) {
      List<Integer> ks = KS.get(random.nextInt(KS.size()));
      int n = ks.get(ks.size() - 1) + random.nextInt(41 - ks.get(ks.size() - 1));
      int r = random.nextInt(n + 1);
      if (r == 0 && !metric.averagedOverEveryQuery()) {
        continue;
      }
      List<Boolean> relevance = new ArrayList<>();
      for (int m = 0; m < n; m++) {
        relevance.add(m < r);
      }
      Collections.shuffle(relevance, new java.util.Random(random.nextLong()));
      boolean[] relevant = new boolean[n];
      for (int m = 0; m < n; m++) {
        relevant[m] = relevance.get(m);
      }
      queries.add(new RankingMetricContract.Query(relevant, ks));
    }
    return queries;
  }
}

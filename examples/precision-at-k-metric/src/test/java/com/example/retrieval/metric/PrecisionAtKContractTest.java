package com.example.retrieval.metric;

import java.util.List;
import org.rankkit.api.metric.RankingMetric;
import org.rankkit.testkit.RankingMetricContract;

/**
 * Runs RankKit's metric contract: the metric equals this plain loop over a query's whole ranking on
 * random queries, reads no rank deeper than it declares, and gives finite, repeatable values.
 */
class PrecisionAtKContractTest implements RankingMetricContract {

  @Override
  public RankingMetric metric() {
    return new PrecisionAtK();
  }

  @Override
  public double[] bruteForce(boolean[] relevant, List<Integer> ks) {
    double[] values = new double[ks.size()];
    for (int i = 0; i < ks.size(); i++) {
      int hits = 0;
      for (int rank = 1; rank <= ks.get(i); rank++) {
        hits += relevant[rank - 1] ? 1 : 0;
      }
      values[i] = (double) hits / ks.get(i);
    }
    return values;
  }
}

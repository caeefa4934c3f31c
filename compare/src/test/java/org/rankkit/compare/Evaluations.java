package org.rankkit.compare;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.metric.RecallAtK;
import org.rankkit.trainer.EpochRecord;

/** Evaluations and epoch records for fake executors. */
final class Evaluations {

  private Evaluations() {}

  /**
   * An evaluation of {@code queries} queries, every one valid.
   *
   * @param queries the queries
   * @param seconds its seconds
   * @param keysAndValues metric key, value, key, value, ... in output order
   * @return the evaluation ({@code recall@k} keys averaged over every query)
   */
  static EvaluationResult of(int queries, double seconds, Object... keysAndValues) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      metrics.put((String) keysAndValues[i], ((Number) keysAndValues[i + 1]).doubleValue());
    }
    return new EvaluationResult(
        metrics,
        queries,
        queries,
        seconds,
        metrics.keySet().stream()
            .filter(k -> RecallAtK.cutoff(k).isPresent())
            .collect(java.util.stream.Collectors.toSet()));
  }

  /**
   * An epoch record with an evaluation of {@code recall@1} alone.
   *
   * @param epoch the one-based epoch
   * @param loss its loss
   * @param recall1 its recall@1
   * @return the record
   */
  static EpochRecord epoch(int epoch, double loss, double recall1) {
    return new EpochRecord(epoch, loss, 0.001, 1.0, Optional.of(of(10, 0.5, "recall@1", recall1)));
  }
}

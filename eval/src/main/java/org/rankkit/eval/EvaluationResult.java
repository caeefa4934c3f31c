package org.rankkit.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.rankkit.eval.metric.RecallAtK;

/**
 * The outcome of one evaluation.
 *
 * @param metrics metric values by JSON key, in the order of the configured metrics (by default
 *     {@code recall@K} (one per k), {@code r_precision}, {@code map_at_r}, {@code map}); only the
 *     requested metrics appear
 * @param queries number of queries (the denominator of {@code recall@k})
 * @param validQueries queries with at least one same-label database item (the denominator of
 *     {@code r_precision}, {@code map_at_r} and {@code map})
 * @param seconds wall-clock seconds of the evaluation
 * @param overEveryQuery the keys averaged over every query ({@code recall@k}); the others are
 *     averaged over the valid queries
 */
public record EvaluationResult(
    Map<String, Double> metrics, int queries, int validQueries, double seconds, Set<String> overEveryQuery) {

  /**
   * Copies the metric map (unmodifiable, keeping its order) and checks the query counts.
   *
   * @param metrics metric values by JSON key, in output order (copied)
   * @param queries number of queries, ≥ 0
   * @param validQueries queries with at least one same-label database item, 0..{@code queries}
   * @param seconds wall-clock seconds of the evaluation
   * @param overEveryQuery the keys averaged over every query (copied)
   * @throws IllegalArgumentException if the counts are negative or {@code validQueries > queries}
   */
  public EvaluationResult {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    overEveryQuery = Set.copyOf(overEveryQuery);
    if (queries < 0 || validQueries < 0 || validQueries > queries) {
      throw new IllegalArgumentException(
          "need 0 <= validQueries <= queries, got " + validQueries + " and " + queries);
    }
  }

  /**
   * Returns the result with pytorch-metric-learning's denominators: the metrics averaged over every
   * query ({@code recall@k}) over the valid queries only (queries without a same-label database
   * item are left out, as the other metrics already do).
   *
   * @return the rescaled result (the same when every query is valid)
   * @throws IllegalArgumentException when no query is valid
   */
  public EvaluationResult excludingLoneQueries() {
    if (validQueries == 0) {
      throw new IllegalArgumentException("no query has a same-label item in the database: nothing to average");
    }
    Map<String, Double> rescaled = new LinkedHashMap<>();
    metrics.forEach((k, v) -> rescaled.put(k, overEveryQuery.contains(k) ? v * queries / validQueries : v));
    return new EvaluationResult(rescaled, queries, validQueries, seconds, Set.of());
  }

  /**
   * Returns one metric by its JSON key.
   *
   * @param key e.g. {@code recall@1}, {@code map_at_r}
   * @return its value
   * @throws IllegalArgumentException when the metric was not computed
   */
  public double metric(String key) {
    Double value = metrics.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "metric '" + key + "' was not computed; computed: " + metrics.keySet());
    }
    return value;
  }

  /**
   * Returns {@code recall@k}.
   *
   * @param k one of the configured k values
   * @return the recall
   */
  public double recallAt(int k) {
    return metric(RecallAtK.key(k));
  }

  /**
   * Returns the result as one JSON-ready object: the metric keys, then {@code queries}, {@code
   * validQueries}, {@code queriesWithoutPositive} and {@code seconds}.
   *
   * @return an ordered map of JSON keys to numbers
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(metrics);
    json.put("queries", queries);
    json.put("validQueries", validQueries);
    json.put("queriesWithoutPositive", queries - validQueries);
    json.put("seconds", seconds);
    return json;
  }
}

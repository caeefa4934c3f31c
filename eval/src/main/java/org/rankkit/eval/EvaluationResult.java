package org.rankkit.eval;

import java.math.BigInteger;
import java.util.Collections;
import java.util.HashSet;
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
 * @param validQueries queries with at least one same-label gallery item (the denominator of {@code
 *     r_precision}, {@code map_at_r} and {@code map})
 * @param seconds wall-clock seconds of the evaluation
 * @param overEveryQuery the keys averaged over every query ({@code recall@k}); the others are
 *     averaged over the valid queries
 */
public record EvaluationResult(
    Map<String, Double> metrics,
    int queries,
    int validQueries,
    double seconds,
    Set<String> overEveryQuery) {

  private static final String QUERIES = "queries";
  private static final String VALID_QUERIES = "validQueries";
  private static final String QUERIES_WITHOUT_POSITIVE = "queriesWithoutPositive";
  private static final String SECONDS = "seconds";

  /**
   * Copies the metric map (unmodifiable, keeping its order) and checks the query counts.
   *
   * @param metrics metric values by JSON key, in output order (copied)
   * @param queries number of queries, ≥ 0
   * @param validQueries queries with at least one same-label gallery item, 0..{@code queries}
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
   * query ({@code recall@k}) over the valid queries only (queries without a same-label gallery item
   * are left out, as the other metrics already do).
   *
   * @return the rescaled result (the same when every query is valid)
   * @throws IllegalArgumentException when no query is valid
   */
  public EvaluationResult excludingLoneQueries() {
    if (validQueries == 0) {
      throw new IllegalArgumentException(
          "no query has a same-label item in the gallery: nothing to average");
    }
    Map<String, Double> rescaled = new LinkedHashMap<>();
    metrics.forEach(
        (k, v) -> rescaled.put(k, overEveryQuery.contains(k) ? v * queries / validQueries : v));
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
    json.put(QUERIES, queries);
    json.put(VALID_QUERIES, validQueries);
    json.put(QUERIES_WITHOUT_POSITIVE, queries - validQueries);
    json.put(SECONDS, seconds);
    return json;
  }

  /**
   * Reads the object {@link #toJson()} writes (as Jackson decodes it), so that {@code
   * fromJson(toJson())} equals the result and writes the same JSON again. The keys averaged over
   * every query are the {@code recall@k} keys ({@link RecallAtK#cutoff}); a plugin metric averaged
   * over every query is read back as averaged over the valid queries, which only {@link
   * #excludingLoneQueries()} tells apart.
   *
   * @param json the metric values (numbers, or the strings {@code NaN}, {@code Infinity} and {@code
   *     -Infinity} Jackson writes for those), then {@code queries}, {@code validQueries}, {@code
   *     queriesWithoutPositive} and {@code seconds}
   * @return the result, its metrics in the object's order
   * @throws IllegalArgumentException naming the key that is missing or holds a wrong value
   */
  public static EvaluationResult fromJson(Map<String, Object> json) {
    if (json == null) {
      throw new IllegalArgumentException("an evaluation must be a JSON object, got null");
    }
    for (String key : new String[] {QUERIES, VALID_QUERIES, QUERIES_WITHOUT_POSITIVE, SECONDS}) {
      if (!json.containsKey(key)) {
        throw new IllegalArgumentException(
            "evaluation lacks '"
                + key
                + "'; it needs its metric values and "
                + QUERIES
                + ", "
                + VALID_QUERIES
                + ", "
                + QUERIES_WITHOUT_POSITIVE
                + " and "
                + SECONDS);
      }
    }
    int queries = count(json, QUERIES);
    int validQueries = count(json, VALID_QUERIES);
    int withoutPositive = count(json, QUERIES_WITHOUT_POSITIVE);
    if (queries < 0 || validQueries < 0 || validQueries > queries) {
      throw new IllegalArgumentException(
          "evaluation '"
              + VALID_QUERIES
              + "' is "
              + validQueries
              + " and '"
              + QUERIES
              + "' "
              + queries
              + "; need 0 <= "
              + VALID_QUERIES
              + " <= "
              + QUERIES);
    }
    if (withoutPositive != queries - validQueries) {
      throw new IllegalArgumentException(
          "evaluation '"
              + QUERIES_WITHOUT_POSITIVE
              + "' is "
              + withoutPositive
              + " but must be "
              + QUERIES
              + " - "
              + VALID_QUERIES
              + " = "
              + (queries - validQueries));
    }
    double seconds = number(json, SECONDS);
    Map<String, Double> metrics = new LinkedHashMap<>();
    Set<String> overEveryQuery = new HashSet<>();
    for (String key : json.keySet()) {
      if (key.equals(QUERIES)
          || key.equals(VALID_QUERIES)
          || key.equals(QUERIES_WITHOUT_POSITIVE)
          || key.equals(SECONDS)) {
        continue;
      }
      metrics.put(key, number(json, key));
      if (RecallAtK.cutoff(key).isPresent()) {
        overEveryQuery.add(key);
      }
    }
    return new EvaluationResult(metrics, queries, validQueries, seconds, overEveryQuery);
  }

  /** The value of a count key: a whole number in the int range. */
  private static int count(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger) {
      Number n = (Number) value;
      if (n instanceof BigInteger b
          ? b.bitLength() < Integer.SIZE
          : n.longValue() == n.intValue()) {
        return n.intValue();
      }
    }
    throw new IllegalArgumentException(
        "evaluation '" + key + "' must be a whole number of queries, got " + describe(value));
  }

  /**
   * The value of a metric or of {@code seconds}: a number, or Jackson's text for NaN and
   * infinities.
   */
  private static double number(Map<String, Object> json, String key) {
    Object value = json.get(key);
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String text) {
      switch (text) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IllegalArgumentException(
        "evaluation '" + key + "' must be a number, got " + describe(value));
  }

  private static String describe(Object value) {
    return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
  }
}

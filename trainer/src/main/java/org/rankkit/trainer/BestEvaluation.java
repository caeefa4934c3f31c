package org.rankkit.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import org.rankkit.eval.EvaluationResult;

/**
 * The best evaluation of a run by its {@code bestMetric}, as {@code result.json}'s and {@code
 * state.json}'s {@code best} object holds it.
 *
 * @param epoch the one-based epoch after which it ran
 * @param metricKey the metric that picked it ({@code bestMetric}), e.g. {@code recall@1}
 * @param value the metric's value in {@code evaluation}
 * @param evaluation the evaluation
 */
public record BestEvaluation(
    int epoch, String metricKey, double value, EvaluationResult evaluation) {

  private static final String EPOCH = "epoch";
  private static final String METRIC = "metric";
  private static final String VALUE = "value";

  /**
   * Checks that the value is the evaluation's value of the metric.
   *
   * @param epoch the one-based epoch, ≥ 1
   * @param metricKey a metric of {@code evaluation}
   * @param value the metric's value in {@code evaluation}
   * @param evaluation the evaluation
   * @throws IllegalArgumentException when the epoch is below 1, the evaluation lacks the metric, or
   *     the value is not the evaluation's
   */
  public BestEvaluation {
    if (evaluation == null || metricKey == null) {
      throw new IllegalArgumentException(
          "the best evaluation needs its metric and its evaluation, got null");
    }
    if (epoch < 1) {
      throw new IllegalArgumentException(
          "the best evaluation's epoch must be 1 or more, got " + epoch);
    }
    double evaluated = evaluation.metric(metricKey);
    if (Double.compare(evaluated, value) != 0) {
      throw new IllegalArgumentException(
          "the best evaluation's value is "
              + value
              + " but its "
              + metricKey
              + " is "
              + evaluated
              + "; they must be the same");
    }
  }

  /**
   * The best evaluation of an epoch by a metric.
   *
   * @param epoch the one-based epoch
   * @param metricKey the metric that picks it, one of the evaluation's
   * @param evaluation the evaluation
   * @return the record, its value read from the evaluation
   * @throws IllegalArgumentException when the evaluation lacks the metric
   */
  public static BestEvaluation of(int epoch, String metricKey, EvaluationResult evaluation) {
    return new BestEvaluation(epoch, metricKey, evaluation.metric(metricKey), evaluation);
  }

  /**
   * Returns the JSON object: {@code epoch}, {@code metric}, {@code value}, then the evaluation's
   * keys ({@link EvaluationResult#toJson()}).
   *
   * @return an ordered map
   */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(EPOCH, epoch);
    json.put(METRIC, metricKey);
    json.put(VALUE, value);
    json.putAll(evaluation.toJson());
    return json;
  }

  /**
   * Reads an object written by {@link #toJson()}.
   *
   * @param json the object
   * @return the record
   * @throws IllegalArgumentException naming the key that is missing or holds a wrong value
   */
  public static BestEvaluation fromJson(Map<String, Object> json) {
    if (json == null) {
      throw new IllegalArgumentException("the best evaluation must be a JSON object, got null");
    }
    if (!(json.get(EPOCH) instanceof Integer epoch)) {
      throw new IllegalArgumentException(
          "the best evaluation's '" + EPOCH + "' must be a whole number, got " + json.get(EPOCH));
    }
    if (!(json.get(METRIC) instanceof String metric)) {
      throw new IllegalArgumentException(
          "the best evaluation's '" + METRIC + "' must be a metric key, got " + json.get(METRIC));
    }
    if (!(json.get(VALUE) instanceof Number value)) {
      throw new IllegalArgumentException(
          "the best evaluation's '" + VALUE + "' must be a number, got " + json.get(VALUE));
    }
    Map<String, Object> evaluation = new LinkedHashMap<>(json);
    evaluation.remove(EPOCH);
    evaluation.remove(METRIC);
    evaluation.remove(VALUE);
    return new BestEvaluation(
        epoch, metric, value.doubleValue(), EvaluationResult.fromJson(evaluation));
  }
}

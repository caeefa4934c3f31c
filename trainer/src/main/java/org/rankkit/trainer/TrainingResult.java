package org.rankkit.trainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rankkit.eval.EvaluationResult;

/**
 * What a training run produced: the data of its {@code result.json}.
 *
 * @param runDir the run directory (checkpoints, {@code metrics.jsonl}, {@code result.json})
 * @param config the resolved configuration: every key, and every parameter of the chosen plugins
 *     with defaults filled in
 * @param finalEvaluation the evaluation after the last epoch (written with the keys of {@code
 *     rankkit eval --json}); empty when the run was interrupted before it
 * @param best the best evaluation by {@code bestMetric}; empty when no evaluation ran
 * @param trainSeconds seconds spent training (data loading and steps; evaluation excluded), summed
 *     over resumed parts
 * @param peakMemoryBytes the largest peak memory any step reported
 * @param history one entry per finished epoch
 * @param initialEvaluation the evaluation of the untrained model ({@code evalAtStart}), else empty
 * @param interrupted true when the run stopped early on request (a checkpoint was written; resume
 *     it with {@link TrainingRun#resume})
 */
public record TrainingResult(
    Path runDir,
    Map<String, Object> config,
    Optional<EvaluationResult> finalEvaluation,
    Optional<BestEvaluation> best,
    double trainSeconds,
    long peakMemoryBytes,
    List<EpochRecord> history,
    Optional<EvaluationResult> initialEvaluation,
    boolean interrupted) {

  /**
   * Stores unmodifiable copies of the collections (the configuration keeps its order); none may be
   * null.
   *
   * @param runDir the run directory
   * @param config the resolved configuration
   * @param finalEvaluation the evaluation after the last epoch, or empty
   * @param best the best evaluation by {@code bestMetric}, or empty
   * @param trainSeconds seconds spent training, evaluation excluded
   * @param peakMemoryBytes the largest peak memory any step reported, in bytes
   * @param history one entry per finished epoch
   * @param initialEvaluation the evaluation of the untrained model, or empty
   * @param interrupted whether the run stopped early on request
   * @throws NullPointerException when a collection or an optional is null
   */
  public TrainingResult {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    Objects.requireNonNull(finalEvaluation, "finalEvaluation");
    Objects.requireNonNull(best, "best");
    history = List.copyOf(history);
    Objects.requireNonNull(initialEvaluation, "initialEvaluation");
  }

  /**
   * Returns a metric of the final evaluation.
   *
   * @param key e.g. {@code recall@1}
   * @return its value
   * @throws IllegalArgumentException when there is no final evaluation or it has no such metric
   */
  public double finalMetric(String key) {
    EvaluationResult evaluation =
        finalEvaluation.orElseThrow(
            () ->
                new IllegalArgumentException(
                    "the run has no final evaluation (it was interrupted), so no metric '"
                        + key
                        + "'"));
    if (!evaluation.metrics().containsKey(key)) {
      throw new IllegalArgumentException(
          "final evaluation has no metric '" + key + "'; it has " + evaluation.metrics().keySet());
    }
    return evaluation.metric(key);
  }

  /**
   * Returns the {@code result.json} object: {@code config}, {@code final}, {@code best}, {@code
   * trainSeconds}, {@code peakMemoryBytes}, {@code history}, and {@code initial} when the untrained
   * model was evaluated. An absent final or best evaluation is an empty object.
   *
   * @return an ordered map ready for Jackson
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config);
    m.put("final", finalEvaluation.map(EvaluationResult::toJson).orElse(Map.of()));
    m.put("best", best.map(BestEvaluation::toJson).orElse(Map.of()));
    m.put("trainSeconds", trainSeconds);
    m.put("peakMemoryBytes", peakMemoryBytes);
    m.put("history", history.stream().map(EpochRecord::toJson).toList());
    initialEvaluation.ifPresent(e -> m.put("initial", e.toJson()));
    return m;
  }

  /**
   * Reads a {@code result.json} object as {@link #toJson()} wrote it; the run was not interrupted
   * (an interrupted run writes no {@code result.json}).
   *
   * @param runDir the run directory it was read from
   * @param json the decoded object
   * @return the result
   * @throws IllegalArgumentException when it lacks or mistypes a field, naming it where it can
   */
  @SuppressWarnings("unchecked")
  public static TrainingResult fromJson(Path runDir, Map<String, Object> json) {
    try {
      List<EpochRecord> history = new ArrayList<>();
      for (Object h : (List<Object>) json.get("history")) {
        history.add(EpochRecord.fromJson((Map<String, Object>) h));
      }
      Map<String, Object> finalJson = (Map<String, Object>) json.get("final");
      Map<String, Object> bestJson = (Map<String, Object>) json.get("best");
      Map<String, Object> initialJson = (Map<String, Object>) json.get("initial");
      return new TrainingResult(
          runDir,
          (Map<String, Object>) json.get("config"),
          finalJson.isEmpty()
              ? Optional.empty()
              : Optional.of(EvaluationResult.fromJson(finalJson)),
          bestJson.isEmpty() ? Optional.empty() : Optional.of(BestEvaluation.fromJson(bestJson)),
          ((Number) json.get("trainSeconds")).doubleValue(),
          ((Number) json.get("peakMemoryBytes")).longValue(),
          history,
          initialJson == null
              ? Optional.empty()
              : Optional.of(EvaluationResult.fromJson(initialJson)),
          false);
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "the result lacks a field or holds one of the wrong type (" + e.getMessage() + ")", e);
    }
  }
}

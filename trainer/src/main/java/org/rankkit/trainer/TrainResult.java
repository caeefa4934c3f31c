package org.rankkit.trainer;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a training run produced: the data of its {@code result.json}.
 *
 * @param runDir the run directory (checkpoints, {@code metrics.jsonl}, {@code result.json})
 * @param config the resolved configuration: every key, and every parameter of the chosen plugins
 *     with defaults filled in
 * @param finalEval the evaluation after the last epoch (same keys as {@code rankkit eval --json});
 *     empty when the run was interrupted before it
 * @param best the best evaluation by {@code bestMetric}: {@code epoch}, {@code metric}, {@code
 *     value} and the evaluation's keys; empty when no evaluation ran
 * @param trainSeconds seconds spent training (data loading and steps; evaluation excluded), summed
 *     over resumed parts
 * @param peakMemoryBytes the largest peak memory any step reported
 * @param history one entry per finished epoch
 * @param initialEval the evaluation of the untrained model ({@code evalAtStart}), else empty
 * @param interrupted true when the run stopped early on request (a checkpoint was written; resume
 *     it with {@link TrainingRun#resume})
 */
public record TrainResult(
    Path runDir,
    Map<String, Object> config,
    Map<String, Object> finalEval,
    Map<String, Object> best,
    double trainSeconds,
    long peakMemoryBytes,
    List<EpochRecord> history,
    Map<String, Object> initialEval,
    boolean interrupted) {

  /**
   * Stores unmodifiable copies of the collections (maps keep their order); none may be null.
   *
   * @param runDir the run directory
   * @param config the resolved configuration
   * @param finalEval the evaluation after the last epoch, or empty
   * @param best the best evaluation by {@code bestMetric}, or empty
   * @param trainSeconds seconds spent training, evaluation excluded
   * @param peakMemoryBytes the largest peak memory any step reported, in bytes
   * @param history one entry per finished epoch
   * @param initialEval the evaluation of the untrained model, or empty
   * @param interrupted whether the run stopped early on request
   * @throws NullPointerException when a collection is null
   */
  public TrainResult {
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    finalEval = Collections.unmodifiableMap(new LinkedHashMap<>(finalEval));
    best = Collections.unmodifiableMap(new LinkedHashMap<>(best));
    history = List.copyOf(history);
    initialEval = Collections.unmodifiableMap(new LinkedHashMap<>(initialEval));
  }

  /**
   * Returns a metric of the final evaluation.
   *
   * @param key e.g. {@code recall@1}
   * @return its value
   * @throws IllegalArgumentException when the final evaluation has no such metric
   */
  public double finalMetric(String key) {
    Object v = finalEval.get(key);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(
          "final evaluation has no metric '" + key + "'; it has " + finalEval.keySet());
    }
    return n.doubleValue();
  }

  /**
   * Returns the {@code result.json} object: {@code config}, {@code final}, {@code best}, {@code
   * trainSeconds}, {@code peakMemoryBytes}, {@code history}, and {@code initial} when the
   * untrained model was evaluated.
   *
   * @return an ordered map ready for Jackson
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("config", config);
    m.put("final", finalEval);
    m.put("best", best);
    m.put("trainSeconds", trainSeconds);
    m.put("peakMemoryBytes", peakMemoryBytes);
    m.put("history", history.stream().map(EpochRecord::toJson).toList());
    if (!initialEval.isEmpty()) {
      m.put("initial", initialEval);
    }
    return m;
  }
}

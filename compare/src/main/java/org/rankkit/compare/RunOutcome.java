package org.rankkit.compare;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.EpochRecord;

/**
 * What one finished run produced (the fields of one entry of {@code results.json}'s {@code runs}).
 *
 * @param config the resolved configuration
 * @param finalEvaluation the final evaluation (written with the keys of {@code rankkit eval
 *     --json})
 * @param history one record per epoch (empty for the raw-pixel floor)
 * @param trainSeconds wall-clock training seconds (0 for the raw-pixel floor)
 * @param peakMemoryBytes peak memory of the run in bytes
 */
public record RunOutcome(
    Map<String, Object> config,
    EvaluationResult finalEvaluation,
    List<EpochRecord> history,
    double trainSeconds,
    long peakMemoryBytes) {

  /**
   * Copies the collections (unmodifiable; the configuration keeps its order); nothing may be null.
   *
   * @param config the resolved configuration
   * @param finalEvaluation the final evaluation
   * @param history one record per epoch
   * @param trainSeconds wall-clock training seconds
   * @param peakMemoryBytes peak memory of the run in bytes
   * @throws NullPointerException when a collection, the evaluation or a configuration value is null
   */
  public RunOutcome {
    config.values().forEach(Objects::requireNonNull);
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    Objects.requireNonNull(finalEvaluation, "finalEvaluation");
    history = List.copyOf(history);
  }
}

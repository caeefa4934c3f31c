package org.rankkit.compare;

import java.util.List;
import java.util.Map;

/**
 * What one finished run produced (the fields of one entry of {@code results.json}'s {@code runs}).
 *
 * @param config the resolved configuration
 * @param finalMetrics the final evaluation, same keys as {@code rankkit eval --json}
 * @param history one object per epoch: {@code epoch}, {@code loss} and any evaluation metrics
 * @param trainSeconds wall-clock training seconds (0 for the raw-pixel floor)
 * @param peakMemoryBytes peak memory of the run in bytes
 */
public record RunOutcome(
    Map<String, Object> config,
    Map<String, Object> finalMetrics,
    List<Map<String, Object>> history,
    double trainSeconds,
    long peakMemoryBytes) {

  /**
   * Copies the collections (unmodifiable; no null keys or values allowed).
   *
   * @param config the resolved configuration
   * @param finalMetrics the final evaluation
   * @param history one object per epoch
   * @param trainSeconds wall-clock training seconds
   * @param peakMemoryBytes peak memory of the run in bytes
   */
  public RunOutcome {
    config = Map.copyOf(config);
    finalMetrics = Map.copyOf(finalMetrics);
    history = List.copyOf(history);
  }
}

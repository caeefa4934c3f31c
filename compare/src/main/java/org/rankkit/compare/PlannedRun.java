package org.rankkit.compare;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One concrete run of a suite: a suite entry with one seed and, in a sweep, one swept value.
 *
 * @param run the suite entry
 * @param seed the run's seed
 * @param sweepKey the swept setting, or null
 * @param sweepValue the value of the swept setting, or null
 * @param settings every training setting of the run (shared settings, overrides, seed, sweep value,
 *     loss, augmentations, strategy and plugin parameters), as the trainer's flat keys
 */
public record PlannedRun(
    SuiteRun run, long seed, String sweepKey, String sweepValue, Map<String, String> settings) {

  /**
   * Copies the settings into an unmodifiable map that keeps their order.
   *
   * @param run the suite entry
   * @param seed the run's seed
   * @param sweepKey the swept setting, or null
   * @param sweepValue the value of the swept setting, or null
   * @param settings every training setting of the run, as the trainer's flat keys (copied)
   */
  public PlannedRun {
    settings = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /**
   * {@return a key that identifies the run within a suite's results (used by {@code --resume}):
   * {@code name|seed=N}, plus {@code |key=value} in a sweep}
   */
  public String key() {
    return run.name()
        + "|seed="
        + seed
        + (sweepKey == null ? "" : "|" + sweepKey + "=" + sweepValue);
  }

  /**
   * {@return a file-system-safe directory name for the run: the name with other characters than
   * letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code -}, then {@code -seedN}
   * and, in a sweep, the swept key and value}
   */
  public String directoryName() {
    String base = run.name().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("-+", "-");
    return base
        + "-seed"
        + seed
        + (sweepKey == null ? "" : "-" + sweepKey.replaceAll("[^A-Za-z0-9]", "") + sweepValue);
  }
}

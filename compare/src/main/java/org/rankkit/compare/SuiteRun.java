package org.rankkit.compare;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of a suite: what distinguishes a run from the others.
 *
 * @param name unique display name, e.g. {@code recall-at-k + simix}
 * @param baseline {@code raw-pixels} for the untrained floor (no loss then), else null
 * @param loss loss plugin id (any discovered plugin, including ones from {@code --plugins})
 * @param augment similarity-augmentation plugin ids, in order (may be empty)
 * @param strategy batch-strategy plugin id, or null for the suite's setting
 * @param set plugin parameters of this run only: keys start with {@code loss.}, {@code strategy.}
 *     or {@code augment.}
 */
public record SuiteRun(
    String name,
    String baseline,
    String loss,
    List<String> augment,
    String strategy,
    Map<String, String> set) {

  /** The only baseline kind: evaluate the normalised raw pixels of the evaluation split. */
  public static final String RAW_PIXELS = "raw-pixels";

  /**
   * Validates the entry and copies its collections.
   *
   * @param name unique display name, not blank
   * @param baseline {@link #RAW_PIXELS} or null
   * @param loss loss plugin id; required unless {@code baseline} is set, and then not allowed
   * @param augment similarity-augmentation plugin ids, or null for none (copied)
   * @param strategy batch-strategy plugin id, or null for the suite's setting
   * @param set plugin parameters of this run, or null for none (copied); keys start with {@code
   *     loss.}, {@code strategy.} or {@code augment.}
   * @throws IllegalArgumentException naming the run and what is wrong
   */
  public SuiteRun {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("every suite run needs a non-blank 'name'");
    }
    augment = augment == null ? List.of() : List.copyOf(augment);
    set = set == null ? Map.of() : Map.copyOf(set);
    if (baseline != null) {
      if (!RAW_PIXELS.equals(baseline)) {
        throw new IllegalArgumentException(
            "run '" + name + "': unknown baseline '" + baseline + "'; allowed: " + RAW_PIXELS);
      }
      if (loss != null || !augment.isEmpty() || strategy != null || !set.isEmpty()) {
        throw new IllegalArgumentException(
            "run '"
                + name
                + "': a baseline run trains nothing, so it takes no loss, augment,"
                + " strategy or set");
      }
    } else if (loss == null || loss.isBlank()) {
      throw new IllegalArgumentException(
          "run '" + name + "' needs a 'loss' (a loss plugin id) or 'baseline: " + RAW_PIXELS + "'");
    }
    for (String key : set.keySet()) {
      if (!(key.startsWith("loss.") || key.startsWith("strategy.") || key.startsWith("augment."))) {
        throw new IllegalArgumentException(
            "run '"
                + name
                + "' sets '"
                + key
                + "': runs of a suite share every setting and may only"
                + " set plugin parameters (keys starting with loss., strategy. or augment.); put"
                + " shared settings under 'settings' or use --sweep");
      }
    }
  }

  /** {@return whether this run trains (false for the raw-pixel floor)} */
  public boolean trains() {
    return baseline == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SuiteRun r
        && name.equals(r.name)
        && Objects.equals(baseline, r.baseline)
        && Objects.equals(loss, r.loss)
        && augment.equals(r.augment)
        && Objects.equals(strategy, r.strategy)
        && set.equals(r.set);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}

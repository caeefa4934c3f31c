package org.rankkit.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Expands a suite into concrete runs: sweep values × entries × seeds. */
public final class SuitePlan {

  private SuitePlan() {}

  /**
   * A sweep of one setting over several values.
   *
   * @param key the setting, e.g. {@code batch}
   * @param values its values, in order
   */
  public record Sweep(String key, List<String> values) {
    /**
     * Validates the sweep and copies the values.
     *
     * @param key the setting; not blank, not {@code seed} and not a per-run key ({@code loss},
     *     {@code augment})
     * @param values its values, at least one (copied)
     * @throws IllegalArgumentException when the key or the values are not allowed
     */
    public Sweep {
      if (key == null || key.isBlank() || values == null || values.isEmpty()) {
        throw new IllegalArgumentException("--sweep needs key=v1,v2,..., e.g. batch=64,256,1024");
      }
      if (Suite.RUN_KEYS.contains(key) || key.equals("seed")) {
        throw new IllegalArgumentException(
            "--sweep " + key + ": cannot sweep '" + key + "' (use runs or --seeds)");
      }
      values = List.copyOf(values);
    }

    /**
     * Parses {@code key=v1,v2}.
     *
     * @param text the option value
     * @return the sweep (blank values dropped, values stripped)
     * @throws IllegalArgumentException when {@code text} is not of that form
     */
    public static Sweep parse(String text) {
      int eq = text.indexOf('=');
      if (eq <= 0 || eq == text.length() - 1) {
        throw new IllegalArgumentException(
            "--sweep '" + text + "': expected key=v1,v2,..., e.g. batch=64,256,1024");
      }
      List<String> values = new ArrayList<>();
      for (String v : text.substring(eq + 1).split(",")) {
        if (!v.isBlank()) {
          values.add(v.strip());
        }
      }
      return new Sweep(text.substring(0, eq).strip(), values);
    }
  }

  /**
   * Expands a suite.
   *
   * @param suite the suite
   * @param quick whether to apply the suite's {@code quick} overrides
   * @param overrides settings given on the command line (applied to every run)
   * @param seeds how many seeds per run (≥ 1); seeds are {@code seed, seed+1, ...}
   * @param sweep a sweep, or null
   * @return the runs in execution order
   * @throws IllegalArgumentException when {@code seeds < 1} or an override sets a per-run key
   */
  public static List<PlannedRun> expand(
      Suite suite, boolean quick, Map<String, String> overrides, int seeds, Sweep sweep) {
    if (seeds < 1) {
      throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
    }
    Map<String, String> shared = new LinkedHashMap<>(suite.settings());
    if (quick) {
      shared.putAll(suite.quick());
    }
    for (String key : overrides.keySet()) {
      if (Suite.RUN_KEYS.contains(key)) {
        throw new IllegalArgumentException(
            "--set " + key + ": '" + key + "' is chosen per run in the suite");
      }
    }
    shared.putAll(overrides);
    long baseSeed = Long.parseLong(shared.getOrDefault("seed", "0"));
    List<String> sweepValues =
        sweep == null ? java.util.Collections.singletonList(null) : sweep.values();
    List<PlannedRun> plan = new ArrayList<>();
    for (String value : sweepValues) {
      for (SuiteRun run : suite.runs()) {
        for (int s = 0; s < seeds; s++) {
          Map<String, String> settings = new LinkedHashMap<>(shared);
          if (sweep != null) {
            settings.put(sweep.key(), value);
          }
          long seed = baseSeed + s;
          settings.put("seed", Long.toString(seed));
          if (run.trains()) {
            settings.put("loss", run.loss());
            settings.put("augment", String.join(",", run.augment()));
            if (run.strategy() != null) {
              settings.put("strategy", run.strategy());
            }
            settings.putAll(run.set());
          }
          plan.add(new PlannedRun(run, seed, sweep == null ? null : sweep.key(), value, settings));
        }
      }
    }
    return plan;
  }
}

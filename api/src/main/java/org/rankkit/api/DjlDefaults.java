package org.rankkit.api;

/**
 * Process-wide settings that every RankKit entry point (CLI, tests, benchmarks, library users who
 * want them) applies before DJL starts: no downloads and no usage tracking.
 *
 * <p>DJL reads {@code ai.djl.offline} and {@code OPT_OUT_TRACKING} from the environment or from
 * system properties, so setting the system properties before the first engine call is enough.
 * Values already set by the user are kept. Thread-safe and idempotent.
 */
public final class DjlDefaults {

  private DjlDefaults() {}

  /** Sets {@code ai.djl.offline=true}, {@code OPT_OUT_TRACKING=true} and the PyTorch engine. */
  public static void applyOffline() {
    setIfAbsent("ai.djl.offline", "true");
    setIfAbsent("OPT_OUT_TRACKING", "true");
    setIfAbsent("ai.djl.default_engine", "PyTorch");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}

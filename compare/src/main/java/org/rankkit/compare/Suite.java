package org.rankkit.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A comparison suite: shared training settings and the runs that differ only in loss, augmentation
 * and batch strategy.
 *
 * <p>Read from YAML or JSON (YAML is a superset, one parser reads both):
 *
 * <pre>
 * name: fashion-mnist-default
 * settings: {dataset: fashion-mnist, protocol: closed, epochs: 3, strategy: memory-bounded}
 * quick: {epochs: 1, maxTrainItems: 12000}
 * runs:
 *   - {name: raw pixels, baseline: raw-pixels}
 *   - {name: recall-at-k + simix, loss: recall-at-k, augment: [simix]}
 * </pre>
 *
 * @param name suite name
 * @param settings training settings every run shares (the trainer's flat keys)
 * @param quick overrides that {@code --quick} applies on top of {@code settings}
 * @param runs the runs, in order
 */
public record Suite(
    String name, Map<String, String> settings, Map<String, String> quick, List<SuiteRun> runs) {

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** The per-run keys, which a suite's shared settings may not fix. */
  static final Set<String> RUN_KEYS = Set.of("loss", "augment");

  /**
   * Validates the suite and copies its settings and runs.
   *
   * @param name suite name; null or blank becomes {@code suite}
   * @param settings shared training settings, or null for none; may not contain {@code loss} or
   *     {@code augment}
   * @param quick {@code --quick} overrides, or null for none
   * @param runs the runs, at least one, with distinct names
   * @throws IllegalArgumentException when there are no runs, a run name repeats or the shared
   *     settings fix a per-run key
   */
  public Suite {
    name = name == null || name.isBlank() ? "suite" : name;
    settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    quick = quick == null ? Map.of() : new LinkedHashMap<>(quick);
    if (runs == null || runs.isEmpty()) {
      throw new IllegalArgumentException("suite '" + name + "' has no runs");
    }
    runs = List.copyOf(runs);
    Set<String> names = new HashSet<>();
    for (SuiteRun run : runs) {
      if (!names.add(run.name())) {
        throw new IllegalArgumentException(
            "suite '" + name + "': run name '" + run.name() + "' appears twice");
      }
    }
    for (String key : RUN_KEYS) {
      if (settings.containsKey(key)) {
        throw new IllegalArgumentException(
            "suite '" + name + "': '" + key + "' is chosen per run, not in the shared settings");
      }
    }
  }

  /**
   * Reads a suite file.
   *
   * @param file a .yaml, .yml or .json file
   * @return the suite
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException naming the file when it is not a valid suite
   */
  public static Suite read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("suite file " + file + " does not exist");
    }
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    }
  }

  /**
   * Returns the built-in default suite (five runs and the raw-pixel floor, open set on glyphs).
   *
   * @return the default suite
   */
  public static Suite defaultSuite() {
    try (InputStream in = Suite.class.getResourceAsStream("default-suite.yaml")) {
      return parse(in, "default-suite.yaml");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the built-in default suite", e);
    }
  }

  private static Suite parse(InputStream in, String origin) throws IOException {
    try {
      Map<?, ?> raw = YAML.readValue(in, Map.class);
      if (raw == null) {
        throw new IllegalArgumentException("suite file " + origin + " is empty");
      }
      Map<String, Object> copy = new LinkedHashMap<>();
      raw.forEach((k, v) -> copy.put(String.valueOf(k), v));
      for (String key : copy.keySet()) {
        if (!Set.of("name", "settings", "quick", "runs").contains(key)) {
          throw new IllegalArgumentException(
              "unknown key '" + key + "'; a suite has: name, settings, quick, runs");
        }
      }
      if (copy.get("name") != null && !(copy.get("name") instanceof String)) {
        throw new IllegalArgumentException("'name' must be text, got " + copy.get("name"));
      }
      List<SuiteRun> runs = new ArrayList<>();
      Object rawRuns = copy.get("runs");
      if (rawRuns != null && !(rawRuns instanceof List<?>)) {
        throw new IllegalArgumentException("'runs' must be a list of runs, got " + rawRuns);
      }
      if (rawRuns instanceof List<?> list) {
        for (Object o : list) {
          runs.add(YAML.convertValue(o, SuiteRun.class));
        }
      }
      return new Suite(
          (String) copy.get("name"),
          stringMap(copy.get("settings"), "settings"),
          stringMap(copy.get("quick"), "quick"),
          runs);
    } catch (IllegalArgumentException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new IllegalArgumentException("suite " + origin + ": " + root.getMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "suite " + origin + " is not valid YAML/JSON: " + e.getMessage(), e);
    }
  }

  private static Map<String, String> stringMap(Object o, String what) {
    if (o == null) {
      return Map.of();
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("'" + what + "' must be a map of key: value");
    }
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach(
        (k, v) ->
            out.put(
                String.valueOf(k),
                v instanceof List<?> l
                    ? String.join(",", l.stream().map(String::valueOf).toList())
                    : String.valueOf(v)));
    return out;
  }
}

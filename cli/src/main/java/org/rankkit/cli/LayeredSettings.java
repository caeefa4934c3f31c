package org.rankkit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rankkit.trainer.config.ConfigFiles;

/**
 * The configuration keys of a command that opens a training configuration ({@code train}, {@code
 * dataset}), in the order the help promises: the keys of {@code --config FILE}, then the command's
 * own options, then {@code --set KEY=VALUE} (later wins; the defaults fill in the rest).
 */
final class LayeredSettings {

  private final Map<String, Object> values = new LinkedHashMap<>();

  private LayeredSettings() {}

  /**
   * Starts with the keys of the configuration file.
   *
   * @param configFile the {@code --config} file, or null for none
   * @return the settings so far
   * @throws IOException when the file cannot be read
   */
  static LayeredSettings fromFile(Path configFile) throws IOException {
    LayeredSettings settings = new LayeredSettings();
    if (configFile != null) {
      settings.values.putAll(ConfigFiles.read(configFile));
    }
    return settings;
  }

  /**
   * Sets a key from an option that was given; an option not given (null) leaves the key as it is.
   *
   * @param key the configuration key
   * @param value the option's value (a path is stored as its text), or null
   * @return these settings
   */
  LayeredSettings option(String key, Object value) {
    if (value != null) {
      values.put(key, value instanceof Path path ? path.toString() : value);
    }
    return this;
  }

  /**
   * Finishes with the {@code --set} keys.
   *
   * @param sets the {@code --set KEY=VALUE} pairs, in the order given
   * @return every key set, in the order first set
   */
  Map<String, Object> thenSets(Map<String, String> sets) {
    values.putAll(sets);
    return values;
  }
}

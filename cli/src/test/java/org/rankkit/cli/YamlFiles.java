package org.rankkit.cli;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Configuration and suite files for {@code train --config} and {@code compare --suite}. */
final class YamlFiles {

  /** A suite's run of the raw-pixel baseline. */
  static final Map<String, Object> RAW_PIXELS_RUN =
      Map.of("name", "raw pixels", "baseline", "raw-pixels");

  private static final YAMLMapper YAML = new YAMLMapper();

  private YamlFiles() {}

  /**
   * Writes {@code content} as YAML.
   *
   * @param file the file
   * @param content keys and values
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  static Path write(Path file, Map<String, ?> content) throws IOException {
    YAML.writeValue(file.toFile(), content);
    return file;
  }

  /**
   * Writes a suite file.
   *
   * @param file the file
   * @param name the suite's name
   * @param settings the settings of every run
   * @param quick what {@code --quick} changes; none when empty
   * @param runs the runs, in order
   * @return {@code file}
   * @throws IOException if it cannot be written
   */
  static Path writeSuite(
      Path file,
      String name,
      Map<String, ?> settings,
      Map<String, ?> quick,
      List<Map<String, Object>> runs)
      throws IOException {
    Map<String, Object> suite = new LinkedHashMap<>();
    suite.put("name", name);
    suite.put("settings", settings);
    if (!quick.isEmpty()) {
      suite.put("quick", quick);
    }
    suite.put("runs", runs);
    return write(file, suite);
  }
}

package org.rankkit.trainer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads training configuration files: YAML ({@code .yaml}, {@code .yml}) or JSON ({@code .json}),
 * one object whose keys are {@link TrainingConfig}'s keys. Nested objects are flattened with dots,
 * so {@code loss.tauSim: 0.05} and {@code loss: ...} plus {@code strategy: {chunk: 32}} style both
 * work for plugin parameters ({@code strategy.chunk}).
 */
public final class ConfigFiles {

  private ConfigFiles() {}

  /**
   * Reads a file into flat keys (values as parsed: strings, numbers, booleans, lists).
   *
   * @param file the file
   * @return the keys in file order
   * @throws IOException when the file cannot be read
   * @throws IllegalArgumentException when it is not a YAML/JSON object
   */
  public static Map<String, Object> read(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ObjectMapper mapper =
        name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
    if (!Files.isRegularFile(file)) {
      throw new IOException("config file " + file + " does not exist");
    }
    Object tree;
    try {
      tree = mapper.readValue(file.toFile(), Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "config file "
              + file
              + " is not valid "
              + (name.endsWith(".json") ? "JSON" : "YAML")
              + ": "
              + e.getOriginalMessage(),
          e);
    }
    if (tree == null) {
      return new LinkedHashMap<>();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "config file " + file + " must hold one object of key: value pairs");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    flatten(file, "", map, out);
    return out;
  }

  private static void flatten(Path file, String prefix, Map<?, ?> map, Map<String, Object> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> nested) {
        flatten(file, key + ".", nested, out);
      } else if (e.getValue() instanceof List<?> l) {
        if (l.contains(null)) {
          throw new IllegalArgumentException(
              "config file "
                  + file
                  + ": '"
                  + key
                  + "' has an empty list entry; give a value for each");
        }
        out.put(key, List.copyOf(l));
      } else {
        out.put(key, e.getValue());
      }
    }
  }
}

package org.rankkit.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.rankkit.api.plugin.PluginException;
import org.rankkit.api.plugin.PluginRegistry;

/**
 * Opens a dataset by id: the single entry point of this module. The dataset comes from the plugin
 * registry ({@link Dataset#KIND}), so a dataset from a plugin jar opens exactly like a built-in
 * one.
 */
public final class Datasets {

  private Datasets() {}

  /**
   * Opens the dataset described by {@code options}, found among the plugins that the thread's
   * context class loader sees (the class path, plus the jars of {@code rankkit --plugins}).
   *
   * @param options which dataset, where, and how (validated)
   * @return the training split and the evaluation query (and optional gallery) splits
   * @throws PluginException if no plugin contributes the dataset (listing the ones that exist)
   * @throws IllegalArgumentException if the dataset needs a directory and none is given, or lacks
   *     the protocol
   * @throws DataException if the data is missing or malformed (the message says how to fix it)
   */
  public static RetrievalSplits open(DataOptions options) {
    return open(PluginRegistry.discover(), options);
  }

  /**
   * Opens the dataset described by {@code options}. Reads the list or IDX files now; photo datasets
   * decode their images lazily, when an {@link ImageSet} loads them.
   *
   * @param registry where datasets come from
   * @param options which dataset, where, and how (validated)
   * @return the training split and the evaluation query (and optional gallery) splits
   * @throws PluginException if no plugin contributes the dataset (listing the ones that exist)
   * @throws IllegalArgumentException if the dataset needs a directory and none is given, or lacks
   *     the protocol
   * @throws DataException if the data is missing or malformed (the message says how to fix it)
   */
  public static RetrievalSplits open(PluginRegistry registry, DataOptions options) {
    Dataset dataset = registry.create(Dataset.KIND, options.dataset(), Map.of());
    if (!dataset.protocols().contains(options.protocol())) {
      List<String> with =
          registry.ids(Dataset.KIND).stream()
              .filter(
                  id ->
                      registry
                          .create(Dataset.KIND, id, Map.of())
                          .protocols()
                          .contains(options.protocol()))
              .toList();
      throw new IllegalArgumentException(
          "protocol '"
              + options.protocol()
              + "' exists only for "
              + (with.isEmpty() ? "no dataset" : String.join(", ", with))
              + "; dataset '"
              + options.dataset()
              + "' has: "
              + String.join(", ", dataset.protocols()));
    }
    DataOptions located = options;
    if (options.dataDir() == null) {
      Path location =
          dataset
              .defaultLocation()
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "dataset '"
                              + options.dataset()
                              + "' has no default location; give its directory"
                              + " with --data DIR (or the configuration key data=DIR)"));
      located = options.withDataDir(location);
    }
    return dataset.open(located);
  }
}

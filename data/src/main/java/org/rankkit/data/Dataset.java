package org.rankkit.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rankkit.api.plugin.PluginKind;

/**
 * A dataset: the plugin kind {@code dataset}. A dataset reads its files and returns its splits;
 * {@link Datasets#open} does the rest for every dataset (finding it by id in the plugin registry,
 * the default location, the protocol check). Contribute one from any jar with {@code
 * PluginBindings.add(binder(), RecordPluginFactory.of(Dataset.KIND, "my-data", "what it is",
 * NoParameters.NONE, none -> new MyData()))} in a {@link org.rankkit.api.plugin.RankKitPlugin};
 * {@code --dataset my-data} then opens it in {@code train}, {@code compare}, {@code dataset} and
 * {@code embed}. Implementations are immutable and thread-safe.
 */
public interface Dataset {

  /** The plugin kind of datasets. */
  PluginKind<Dataset> KIND = PluginKind.of("dataset", Dataset.class);

  /**
   * Reads the dataset. Photo datasets should decode their images lazily, when an {@link ImageSet}
   * loads them ({@link FileImageSet} does).
   *
   * @param options the validated options; {@link DataOptions#dataDir()} is set (the user's or
   *     {@link #defaultLocation()}) and {@link DataOptions#protocol()} is one of {@link
   *     #protocols()}
   * @return the training split and the evaluation query (and optional gallery) splits
   * @throws DataException if the data is missing or malformed (the message says how to fix it)
   */
  RetrievalSplits open(DataOptions options);

  /**
   * {@return where the data is when no directory is given; empty (the default) when it must be
   * given}
   */
  default Optional<Path> defaultLocation() {
    return Optional.empty();
  }

  /**
   * {@return the protocols this dataset has, from {@link DataOptions#PROTOCOLS} (default: closed)}
   */
  default List<String> protocols() {
    return List.of(DataOptions.CLOSED);
  }
}

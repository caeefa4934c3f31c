package org.rankkit.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset read from a data directory in a published layout ({@code sop}, {@code cub}, {@code
 * inat}, {@code vehicleid}, {@code folder}): it checks that the directory exists, naming the layout
 * when it does not, and reads the list files with messages that name the dataset. A subclass reads
 * only its own lists and images.
 */
abstract class DirectoryDataset implements Dataset {

  private final String id;
  private final String layout;

  /**
   * @param id the dataset id, used in messages and as the splits' name
   * @param layout what the data directory holds, for the message when it is missing
   */
  DirectoryDataset(String id, String layout) {
    this.id = id;
    this.layout = layout;
  }

  @Override
  public final RetrievalSplits open(DataOptions options) {
    Path dir = options.dataDir();
    if (!Files.isDirectory(dir)) {
      throw new DataException(
          id
              + ": data directory "
              + dir
              + " not found; expected "
              + layout
              + " (pass its location with --data DIR)");
    }
    return read(dir, options);
  }

  /**
   * Reads the splits from {@code dir}, an existing directory.
   *
   * @throws DataException if a list or image is missing or malformed
   */
  abstract RetrievalSplits read(Path dir, DataOptions options);

  /**
   * Reads the non-blank lines of the list file {@code file} with {@link TextLists#read}; {@code
   * hint} completes the message for a missing file.
   */
  final List<TextLists.Line> lines(Path file, int minFields, String hint) {
    return TextLists.read(file, minFields, id, hint);
  }

  /**
   * {@return the splits of this dataset: {@code train}, and leave-one-out retrieval on {@code
   * test}}
   */
  final RetrievalSplits splits(String description, ImageSet train, ImageSet test) {
    return new RetrievalSplits(id, description, train, test, null);
  }
}

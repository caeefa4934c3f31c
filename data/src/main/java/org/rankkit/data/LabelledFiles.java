package org.rankkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The image files of one split with their labels, collected in order as a dataset reads its lists
 * or folders, then made a {@link FileImageSet} at the photo datasets' default size.
 */
final class LabelledFiles {

  private final List<Path> files = new ArrayList<>();
  private long[] labels = new long[16];

  /** Adds {@code file} with class {@code label}. */
  void add(Path file, long label) {
    if (files.size() == labels.length) {
      labels = Arrays.copyOf(labels, 2 * labels.length);
    }
    labels[files.size()] = label;
    files.add(file);
  }

  /** {@return true when no file was added} */
  boolean isEmpty() {
    return files.isEmpty();
  }

  /**
   * Returns the files as an image set decoded on demand ({@link FileImageSet#create}).
   *
   * @param what names the split in messages, e.g. "sop test split"
   */
  ImageSet toImageSet(String what, DataOptions options) {
    return FileImageSet.create(
        what, files, Arrays.copyOf(labels, files.size()), options, DataOptions.DEFAULT_PHOTO_SIZE);
  }

  /** {@return the distinct {@code names} numbered 0, 1, ... in sorted order} */
  static Map<String, Long> numberSorted(Collection<String> names) {
    Map<String, Long> ids = new TreeMap<>();
    for (String name : new TreeSet<>(names)) {
      ids.put(name, (long) ids.size());
    }
    return ids;
  }
}

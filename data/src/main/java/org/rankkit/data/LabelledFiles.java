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
 * or folders, then made an {@link ImageSet} that decodes and transforms each image on demand. The
 * built-in file datasets use it, and so can a dataset plugin that reads image files: the set
 * honours {@link DataOptions#imageSize()} (else {@link DataOptions#DEFAULT_PHOTO_SIZE}), {@link
 * DataOptions#maxItemsPerSplit()} and {@link DataOptions#skipBadImages()}.
 */
public final class LabelledFiles {

  private final List<Path> files = new ArrayList<>();
  private long[] labels = new long[16];

  /** Starts an empty collection. */
  public LabelledFiles() {}

  /**
   * Adds an image file.
   *
   * @param file the image
   * @param label its class
   */
  public void add(Path file, long label) {
    if (files.size() == labels.length) {
      labels = Arrays.copyOf(labels, 2 * labels.length);
    }
    labels[files.size()] = label;
    files.add(file);
  }

  /** {@return true when no file was added} */
  public boolean isEmpty() {
    return files.isEmpty();
  }

  /**
   * Returns the files as an image set decoded on demand, shape (3, S, S): the first {@code
   * maxItemsPerSplit} (0 = all), at S = {@code imageSize} (0 = {@link
   * DataOptions#DEFAULT_PHOTO_SIZE}). Without {@code skipBadImages} a missing file fails at once,
   * naming it, and a file that cannot be decoded fails when loaded; with it, unreadable files are
   * left out (their count logged once) and a file that still fails when loaded is replaced by the
   * next item of its class.
   *
   * @param what names the split in messages, e.g. "sop test split"
   * @param options the dataset options
   * @return the image set
   * @throws DataException when {@code skipBadImages} leaves no image
   */
  public ImageSet toImageSet(String what, DataOptions options) {
    return FileImageSet.create(
        what, files, Arrays.copyOf(labels, files.size()), options, DataOptions.DEFAULT_PHOTO_SIZE);
  }

  /**
   * Numbers class names: the distinct names in sorted order get 0, 1, ...
   *
   * @param names class names, repeats allowed
   * @return the number of each name, in sorted order
   */
  public static Map<String, Long> numberSorted(Collection<String> names) {
    Map<String, Long> ids = new TreeMap<>();
    for (String name : new TreeSet<>(names)) {
      ids.put(name, (long) ids.size());
    }
    return ids;
  }
}

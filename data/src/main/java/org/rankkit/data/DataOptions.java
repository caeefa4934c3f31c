package org.rankkit.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Which dataset to open and how: a validated, immutable configuration for {@link Datasets#open}.
 *
 * @param dataset the id of a {@link Dataset} in the plugin registry (e.g. {@code fashion-mnist};
 *     {@code rankkit plugins} lists them)
 * @param dataDir the dataset's directory ({@code csv}: the CSV file, or a directory holding exactly
 *     one {@code *.csv}; {@code glyphs}: the font directory); {@code null} means the dataset's
 *     {@linkplain Dataset#defaultLocation() default}, which only some have ({@code fashion-mnist}:
 *     {@value #FASHION_MNIST_DEFAULT_DIR}, {@code glyphs}: {@value #GLYPHS_DEFAULT_DIR})
 * @param protocol {@code closed} or {@code open}, one of the dataset's {@linkplain
 *     Dataset#protocols() protocols}; only {@code fashion-mnist} has an open protocol (classes 0–4
 *     train, 5–9 of the test split evaluate)
 * @param imageSize side of the square images after the transform; 0 = the dataset's native size (28
 *     for {@code fashion-mnist}, {@value #DEFAULT_PHOTO_SIZE} for the photo datasets); else 8..2048
 * @param splitClasses {@code folder} only: split the sorted class folders into a training half and
 *     an evaluation half (leave-one-out), instead of evaluating on the training classes
 * @param skipBadImages drop missing or unreadable image files (logging how many) instead of failing
 * @param maxItemsPerSplit keep only the first N items of every split in the dataset's own order (0
 *     = all); for quick runs
 * @param vehicleIdTestSize {@code vehicleid} only: which test list, 800, 1600 or 2400
 * @param glyphFonts {@code glyphs} only: the font faces to render, by {@link Glyphs} face name
 *     (empty = {@link Glyphs#DEFAULT_FACES})
 * @param glyphClasses {@code glyphs} only: classes kept in each split (0 = all)
 * @param glyphEvalItemsPerClass {@code glyphs} only: items kept per evaluation class (0 = all)
 */
public record DataOptions(
    String dataset,
    Path dataDir,
    String protocol,
    int imageSize,
    boolean splitClasses,
    boolean skipBadImages,
    int maxItemsPerSplit,
    int vehicleIdTestSize,
    List<String> glyphFonts,
    int glyphClasses,
    int glyphEvalItemsPerClass) {

  /** The protocol every dataset has: train on its training split, evaluate on its test split. */
  public static final String CLOSED = "closed";

  /**
   * The protocol that trains on some classes and evaluates on others (only some datasets have it).
   */
  public static final String OPEN = "open";

  /** The known protocols. */
  public static final List<String> PROTOCOLS = List.of(CLOSED, OPEN);

  /** Where the Debian package {@code dataset-fashion-mnist} installs the IDX files. */
  public static final String FASHION_MNIST_DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

  /** Where Debian's font packages install their files: the default directory of {@code glyphs}. */
  public static final String GLYPHS_DEFAULT_DIR = "/usr/share/fonts";

  /** The image size used for photo datasets when {@code imageSize} is 0. */
  public static final int DEFAULT_PHOTO_SIZE = 224;

  /**
   * Validates every field and lower-cases {@code dataset} and {@code protocol}. Whether the dataset
   * exists, has a default location and has the protocol is checked when it is opened ({@link
   * Datasets#open}), where the plugin registry is known.
   *
   * @param dataset a dataset id, not blank (case-insensitive)
   * @param dataDir the dataset's directory or CSV file, or {@code null} for its default location
   * @param protocol {@code closed} or {@code open} (case-insensitive)
   * @param imageSize 0 (native) or 8..2048
   * @param splitClasses true only for {@code folder}
   * @param skipBadImages drop unreadable images instead of failing
   * @param maxItemsPerSplit 0 (all) or the number of items kept per split
   * @param vehicleIdTestSize 800, 1600 or 2400
   * @param glyphFonts face names, each at most once (checked against the installed fonts when the
   *     data is opened)
   * @param glyphClasses 0 (all) or positive
   * @param glyphEvalItemsPerClass 0 (all) or at least 2
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public DataOptions {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException(
          "dataset must name a dataset, e.g. "
              + FashionMnist.ID
              + " ('rankkit plugins' lists them)");
    }
    dataset = dataset.toLowerCase(Locale.ROOT);
    if (protocol == null || !PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "Unknown protocol '" + protocol + "'; allowed: " + String.join(", ", PROTOCOLS));
    }
    protocol = protocol.toLowerCase(Locale.ROOT);
    if (imageSize != 0 && (imageSize < 8 || imageSize > 2048)) {
      throw new IllegalArgumentException(
          "imageSize must be 0 (native) or between 8 and 2048, got " + imageSize);
    }
    if (maxItemsPerSplit < 0) {
      throw new IllegalArgumentException(
          "maxItemsPerSplit must be 0 (all) or positive, got " + maxItemsPerSplit);
    }
    glyphFonts = glyphFonts == null ? List.of() : List.copyOf(glyphFonts);
    checkDatasetKeys(
        dataset, splitClasses, vehicleIdTestSize, glyphFonts, glyphClasses, glyphEvalItemsPerClass);
  }

  /**
   * {@return the defaults: Fashion-MNIST in its default directory, closed protocol, native size, no
   * class split, failing on bad images, all items, VehicleID test list 800}
   */
  public static DataOptions defaults() {
    return new DataOptions(FashionMnist.ID, null, CLOSED, 0, false, false, 0, 800, List.of(), 0, 0);
  }

  /**
   * Returns the options for a dataset in a directory, with the other fields as in {@link
   * #defaults()}.
   *
   * @param dataset a dataset id
   * @param dataDir its directory (or CSV file), or {@code null} for the dataset's default location
   * @return the validated options
   * @throws IllegalArgumentException if the name is blank
   */
  public static DataOptions of(String dataset, Path dataDir) {
    return new DataOptions(dataset, dataDir, CLOSED, 0, false, false, 0, 800, List.of(), 0, 0);
  }

  /**
   * Checks the options that belong to one dataset: the one place these rules live, for this record
   * and for configurations that carry the same keys before a directory is known (the trainer's).
   *
   * @param dataset the dataset name, lower case
   * @param splitClasses true only for {@code folder}
   * @param vehicleIdTestSize 800, 1600 or 2400
   * @param glyphFonts face names, each at most once
   * @param glyphClasses 0 (all) or positive
   * @param glyphEvalItemsPerClass 0 (all) or at least 2
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public static void checkDatasetKeys(
      String dataset,
      boolean splitClasses,
      int vehicleIdTestSize,
      List<String> glyphFonts,
      int glyphClasses,
      int glyphEvalItemsPerClass) {
    if (splitClasses && !ImageFolder.ID.equals(dataset)) {
      throw new IllegalArgumentException(
          "splitClasses applies only to dataset 'folder', not '" + dataset + "'");
    }
    if (vehicleIdTestSize != 800 && vehicleIdTestSize != 1600 && vehicleIdTestSize != 2400) {
      throw new IllegalArgumentException(
          "vehicleIdTestSize must be 800, 1600 or 2400, got " + vehicleIdTestSize);
    }
    if (glyphFonts.stream().distinct().count() != glyphFonts.size()) {
      throw new IllegalArgumentException("glyphFonts lists a face twice: " + glyphFonts);
    }
    if (glyphClasses < 0) {
      throw new IllegalArgumentException(
          "glyphClasses must be 0 (all) or positive, got " + glyphClasses);
    }
    if (glyphEvalItemsPerClass < 0 || glyphEvalItemsPerClass == 1) {
      throw new IllegalArgumentException(
          "glyphEvalItemsPerClass must be 0 (all) or >= 2 (a query needs a positive), got "
              + glyphEvalItemsPerClass);
    }
  }

  /**
   * Returns a copy with other {@code glyphs} settings.
   *
   * @param fonts face names (empty = the default set)
   * @param classes classes kept per split (0 = all)
   * @param evalItemsPerClass items kept per evaluation class (0 = all)
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withGlyphs(List<String> fonts, int classes, int evalItemsPerClass) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        imageSize,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        fonts,
        classes,
        evalItemsPerClass);
  }

  /**
   * Returns a copy with another dataset name.
   *
   * @param value the dataset id
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withDataset(String value) {
    return new DataOptions(
        value,
        dataDir,
        protocol,
        imageSize,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy with another data directory ({@code null} = default).
   *
   * @param value the data directory or CSV file, or {@code null} for the default
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withDataDir(Path value) {
    return new DataOptions(
        dataset,
        value,
        protocol,
        imageSize,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy with another protocol.
   *
   * @param value {@code closed} or {@code open}
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withProtocol(String value) {
    return new DataOptions(
        dataset,
        dataDir,
        value,
        imageSize,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy with another image size (0 = native).
   *
   * @param value the image side, 0 (native) or 8..2048
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withImageSize(int value) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        value,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy with class splitting for {@code folder} switched on or off.
   *
   * @param value true to split the classes of a {@code folder} dataset
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withSplitClasses(boolean value) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        imageSize,
        value,
        skipBadImages,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy that skips (true) or fails on (false) bad images.
   *
   * @param value true to skip bad images, false to fail on them
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withSkipBadImages(boolean value) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        imageSize,
        splitClasses,
        value,
        maxItemsPerSplit,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy keeping at most {@code value} items per split (0 = all).
   *
   * @param value items kept per split, 0 = all
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withMaxItemsPerSplit(int value) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        imageSize,
        splitClasses,
        skipBadImages,
        value,
        vehicleIdTestSize,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }

  /**
   * Returns a copy using VehicleID's test list of {@code value} vehicles (800, 1600, 2400).
   *
   * @param value the VehicleID test list, 800, 1600 or 2400
   * @return the validated copy
   * @throws IllegalArgumentException if the result is not a valid configuration
   */
  public DataOptions withVehicleIdTestSize(int value) {
    return new DataOptions(
        dataset,
        dataDir,
        protocol,
        imageSize,
        splitClasses,
        skipBadImages,
        maxItemsPerSplit,
        value,
        glyphFonts,
        glyphClasses,
        glyphEvalItemsPerClass);
  }
}

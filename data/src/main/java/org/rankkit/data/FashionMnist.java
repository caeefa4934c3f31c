package org.rankkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * Fashion-MNIST from its original IDX files ({@code train-images-idx3-ubyte.gz}, {@code
 * train-labels-idx1-ubyte.gz}, {@code t10k-images-idx3-ubyte.gz}, {@code
 * t10k-labels-idx1-ubyte.gz}; uncompressed copies without {@code .gz} are accepted too).
 *
 * <p>Protocols: {@code closed} trains on the 60,000 training images and evaluates leave-one-out on
 * the 10,000 test images; {@code open} trains on classes 0–4 of the training split and evaluates
 * leave-one-out on classes 5–9 of the test split. Pixels are scaled to [0, 1] and normalised with
 * the training set's mean {@value #MEAN} and standard deviation {@value #STD}.
 */
public final class FashionMnist implements Dataset {

  /** The dataset id: {@code fashion-mnist}. */
  public static final String ID = "fashion-mnist";

  /** Mean of the training pixels scaled to [0, 1]. */
  public static final float MEAN = 0.2860f;

  /** Standard deviation of the training pixels scaled to [0, 1]. */
  public static final float STD = 0.3530f;

  /** Native image side. */
  public static final int NATIVE_SIZE = 28;

  private static final String[] FILES = {
    "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"
  };

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  FashionMnist() {}

  /** {@return the directory of the Debian package {@code dataset-fashion-mnist}} */
  @Override
  public Optional<Path> defaultLocation() {
    return Optional.of(Path.of(DataOptions.FASHION_MNIST_DEFAULT_DIR));
  }

  /** {@return closed and open (classes 0–4 train, 5–9 of the test split evaluate)} */
  @Override
  public List<String> protocols() {
    return DataOptions.PROTOCOLS;
  }

  /**
   * Opens Fashion-MNIST as described by {@code options}: reads all four IDX files into memory, then
   * selects the protocol's classes and keeps at most {@link DataOptions#maxItemsPerSplit()} items
   * per split.
   *
   * @param options the data directory, protocol, image size and item limit
   * @return the training split and the test split (leave-one-out, no gallery)
   * @throws DataException if a file is missing, unreadable, or images and labels disagree in count
   */
  @Override
  public RetrievalSplits open(DataOptions options) {
    Path dir = options.dataDir();
    Path[] files = new Path[FILES.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < FILES.length; i++) {
      files[i] = locate(dir, FILES[i]);
      if (files[i] == null) {
        missing.add(FILES[i] + ".gz");
      }
    }
    if (!missing.isEmpty()) {
      throw new DataException(
          "Fashion-MNIST not found in "
              + dir
              + (Files.isDirectory(dir)
                  ? " (missing " + String.join(", ", missing) + ")"
                  : " (no such directory)")
              + ". Fix: apt-get install dataset-fashion-mnist (installs it in "
              + DataOptions.FASHION_MNIST_DEFAULT_DIR
              + "), or pass --data DIR with a directory holding the four IDX files "
              + "train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
              + "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz");
    }
    IdxFiles.Images trainImages;
    long[] trainLabels;
    IdxFiles.Images testImages;
    long[] testLabels;
    try {
      trainImages = IdxFiles.readImages(files[0]);
      trainLabels = IdxFiles.readLabels(files[1]);
      testImages = IdxFiles.readImages(files[2]);
      testLabels = IdxFiles.readLabels(files[3]);
    } catch (IOException e) {
      throw new DataException("Cannot read Fashion-MNIST in " + dir + ": " + e.getMessage(), e);
    }
    check(trainImages, trainLabels, files[0], files[1]);
    check(testImages, testLabels, files[2], files[3]);

    boolean open = DataOptions.OPEN.equals(options.protocol());
    int[] trainItems = select(trainLabels, 0, open ? 4 : Long.MAX_VALUE);
    int[] testItems = select(testLabels, open ? 5 : 0, open ? 9 : Long.MAX_VALUE);
    ImageSet train = set(trainImages, trainItems, trainLabels, options);
    ImageSet query = set(testImages, testItems, testLabels, options);
    String description =
        open
            ? "Fashion-MNIST ("
                + dir
                + "), open protocol: train on classes 0-4 ("
                + train.size()
                + " images), leave-one-out retrieval on classes 5-9 of the test split ("
                + query.size()
                + " images)"
            : "Fashion-MNIST ("
                + dir
                + "), closed protocol: train split ("
                + train.size()
                + " images), leave-one-out retrieval on the test split ("
                + query.size()
                + " images)";
    return new RetrievalSplits("fashion-mnist", description, train, query, null);
  }

  private static Path locate(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path file = dir.resolve(name);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  private static void check(IdxFiles.Images images, long[] labels, Path imageFile, Path labelFile) {
    if (images.count() != labels.length) {
      throw new DataException(
          imageFile
              + " holds "
              + images.count()
              + " images but "
              + labelFile
              + " holds "
              + labels.length
              + " labels");
    }
  }

  private static int[] select(long[] labels, long from, long to) {
    return IntStream.range(0, labels.length)
        .filter(i -> labels[i] >= from && labels[i] <= to)
        .toArray();
  }

  private static ImageSet set(
      IdxFiles.Images images, int[] items, long[] labels, DataOptions options) {
    ImageSet set =
        new GreyscaleImageSet(
            images.pixels(),
            images.rows(),
            images.cols(),
            items,
            labels,
            options.imageSize(),
            MEAN,
            STD);
    return SubsetImageSet.head(set, options.maxItemsPerSplit());
  }
}

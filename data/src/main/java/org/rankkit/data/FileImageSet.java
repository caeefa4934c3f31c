package org.rankkit.data;

import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labelled image files decoded on demand with {@link ImageDecoding} and transformed with {@link
 * ImageTransform}; shape (3, S, S).
 *
 * <p>Create it with {@link #create}: without {@code skipBadImages} a missing file fails at once
 * (naming it) and a file that cannot be decoded fails when loaded; with it, missing files and files
 * whose header no decoder accepts are dropped (their count logged), and a file that still fails to
 * decode when loaded is replaced by the next item of the same class (logged with its name).
 */
final class FileImageSet implements ImageSet {

  private static final Logger LOG = LoggerFactory.getLogger(FileImageSet.class);

  /** How to leave bad images out, named by the configuration key and the ways to set it. */
  static final String SKIP_ADVICE =
      "set skipBadImages=true to leave such images out (--set skipBadImages=true,"
          + " or skipBadImages: true in a config or suite file)";

  private final List<Path> files;
  private final long[] labels;
  private final ImageTransform transform;
  private final boolean skipBadImages;
  private final AtomicInteger replacedAtLoad = new AtomicInteger();

  private FileImageSet(List<Path> files, long[] labels, ImageTransform transform, boolean skip) {
    this.files = List.copyOf(files);
    this.labels = labels.clone();
    this.transform = transform;
    this.skipBadImages = skip;
  }

  /**
   * Creates the set of {@code files} with {@code labels}, keeping the first {@code maxItems} (0 =
   * all) and checking the files as described in the class comment.
   *
   * @param what names the split in messages, e.g. "sop test split"
   */
  static ImageSet create(
      String what, List<Path> files, long[] labels, DataOptions options, int defaultSize) {
    if (files.size() != labels.length) {
      throw new IllegalArgumentException(files.size() + " files but " + labels.length + " labels");
    }
    int n =
        options.maxItemsPerSplit() > 0
            ? Math.min(options.maxItemsPerSplit(), files.size())
            : files.size();
    List<Path> kept = new ArrayList<>(files.subList(0, n));
    long[] keptLabels = java.util.Arrays.copyOf(labels, n);
    int size = options.imageSize() > 0 ? options.imageSize() : defaultSize;
    if (options.skipBadImages()) {
      boolean[] good = new boolean[n];
      IntStream.range(0, n).parallel().forEach(i -> good[i] = ImageDecoding.probe(kept.get(i)));
      List<Path> goodFiles = new ArrayList<>(n);
      List<Path> bad = new ArrayList<>();
      long[] goodLabels = new long[n];
      for (int i = 0; i < n; i++) {
        if (good[i]) {
          goodLabels[goodFiles.size()] = keptLabels[i];
          goodFiles.add(kept.get(i));
        } else {
          bad.add(kept.get(i));
        }
      }
      if (!bad.isEmpty()) {
        LOG.warn(
            "{}: skipped {} of {} images that are missing or unreadable (first: {})",
            what,
            bad.size(),
            n,
            bad.subList(0, Math.min(3, bad.size())));
      }
      if (goodFiles.isEmpty()) {
        throw new DataException(what + ": none of its " + n + " images is readable");
      }
      return new FileImageSet(
          goodFiles,
          java.util.Arrays.copyOf(goodLabels, goodFiles.size()),
          new ImageTransform(size),
          true);
    }
    List<Path> missing = new ArrayList<>();
    for (Path file : kept) {
      if (!java.nio.file.Files.isRegularFile(file)) {
        missing.add(file);
      }
    }
    if (!missing.isEmpty()) {
      throw new DataException(
          what
              + ": "
              + missing.size()
              + " of "
              + n
              + " image files are missing, e.g. "
              + missing.subList(0, Math.min(3, missing.size()))
              + " (check the data directory, or "
              + SKIP_ADVICE
              + ")");
    }
    if (n == 0) {
      throw new DataException(what + " is empty");
    }
    return new FileImageSet(kept, keptLabels, new ImageTransform(size), false);
  }

  /** Returns the file of item {@code index}. */
  Path file(int index) {
    return files.get(index);
  }

  /** Returns how many loads replaced an undecodable image by another of its class. */
  int replacedAtLoad() {
    return replacedAtLoad.get();
  }

  @Override
  public int size() {
    return files.size();
  }

  @Override
  public long label(int index) {
    return labels[index];
  }

  @Override
  public Normalisation normalisation() {
    return new Normalisation(ImageTransform.IMAGENET_MEAN, ImageTransform.IMAGENET_STD);
  }

  @Override
  public Shape itemShape() {
    return new Shape(3, transform.size(), transform.size());
  }

  @Override
  public void loadInto(
      int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
    BufferedImage image;
    try {
      image = ImageDecoding.readRgb(files.get(index));
    } catch (BadImageException e) {
      if (!skipBadImages) {
        throw e.withAdvice("; " + SKIP_ADVICE);
      }
      image = replacement(index, e);
    }
    transform.apply(image, augment, random, dest, offset);
  }

  private BufferedImage replacement(int index, BadImageException cause) {
    for (int step = 1; step < labels.length; step++) {
      int other = (index + step) % labels.length;
      if (labels[other] != labels[index]) {
        continue;
      }
      try {
        BufferedImage image = ImageDecoding.readRgb(files.get(other));
        int count = replacedAtLoad.incrementAndGet();
        LOG.warn(
            "{} (replaced by {} of the same class; {} replacement(s) so far)",
            cause.getMessage(),
            files.get(other),
            count);
        return image;
      } catch (BadImageException ignored) {
        // try the next item of the class
      }
    }
    throw new BadImageException(
        files.get(index),
        "cannot be decoded and no other image of class " + labels[index] + " can replace it",
        cause);
  }
}

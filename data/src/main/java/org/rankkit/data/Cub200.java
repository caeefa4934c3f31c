package org.rankkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CUB-200-2011 in its published layout: {@code images.txt} ({@code <image_id> <image_name>}),
 * {@code image_class_labels.txt} ({@code <image_id> <class_id>}) and {@code images/<image_name>} in
 * the data directory ({@code CUB_200_2011/}). The deep-metric-learning split: classes 1–100 for
 * training, leave-one-out retrieval on classes 101–200. Label = {@code class_id}.
 */
final class Cub200 implements Dataset {

  /** The dataset id: {@code cub}. */
  static final String ID = "cub";

  static final String LAYOUT =
      "images.txt, image_class_labels.txt and images/ (the CUB_200_2011 folder)";

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  Cub200() {}

  @Override
  public RetrievalSplits open(DataOptions options) {
    Path dir = options.dataDir();
    TextLists.requireDirectory(dir, "cub", LAYOUT);
    String hint = "Expected the CUB-200-2011 layout: " + LAYOUT;
    Map<Long, Long> classes = new HashMap<>();
    for (TextLists.Line line :
        TextLists.read(dir.resolve("image_class_labels.txt"), 2, "cub", hint)) {
      classes.put(line.number(0), line.number(1));
    }
    List<Path> trainFiles = new ArrayList<>();
    List<Long> trainLabels = new ArrayList<>();
    List<Path> testFiles = new ArrayList<>();
    List<Long> testLabels = new ArrayList<>();
    for (TextLists.Line line : TextLists.read(dir.resolve("images.txt"), 2, "cub", hint)) {
      Long label = classes.get(line.number(0));
      if (label == null) {
        throw line.error("image " + line.fields()[0] + " has no class in image_class_labels.txt");
      }
      Path file = dir.resolve("images").resolve(line.fields()[1]);
      if (label >= 1 && label <= 100) {
        trainFiles.add(file);
        trainLabels.add(label);
      } else if (label >= 101 && label <= 200) {
        testFiles.add(file);
        testLabels.add(label);
      } else {
        throw line.error("class " + label + " outside 1..200");
      }
    }
    ImageSet train =
        FileImageSet.create(
            "cub training split (classes 1-100)",
            trainFiles,
            toArray(trainLabels),
            options,
            DataOptions.DEFAULT_PHOTO_SIZE);
    ImageSet test =
        FileImageSet.create(
            "cub test split (classes 101-200)",
            testFiles,
            toArray(testLabels),
            options,
            DataOptions.DEFAULT_PHOTO_SIZE);
    return new RetrievalSplits(
        "cub",
        "CUB-200-2011 ("
            + dir
            + "): classes 1-100 for training ("
            + train.size()
            + " images), leave-one-out retrieval on classes 101-200 ("
            + test.size()
            + " images)",
        train,
        test,
        null);
  }

  static long[] toArray(List<Long> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}

package org.rankkit.data;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * CUB-200-2011 in its published layout: {@code images.txt} ({@code <image_id> <image_name>}),
 * {@code image_class_labels.txt} ({@code <image_id> <class_id>}) and {@code images/<image_name>} in
 * the data directory ({@code CUB_200_2011/}). The deep-metric-learning split: classes 1–100 for
 * training, leave-one-out retrieval on classes 101–200. Label = {@code class_id}.
 */
final class Cub200 extends DirectoryDataset {

  /** The dataset id: {@code cub}. */
  static final String ID = "cub";

  static final String LAYOUT =
      "images.txt, image_class_labels.txt and images/ (the CUB_200_2011 folder)";

  private static final String HINT = "Expected the CUB-200-2011 layout: " + LAYOUT;

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  Cub200() {
    super(ID, LAYOUT);
  }

  @Override
  RetrievalSplits read(Path dir, DataOptions options) {
    Map<Long, Long> classes = new HashMap<>();
    for (TextLists.Line line : lines(dir.resolve("image_class_labels.txt"), 2, HINT)) {
      classes.put(line.number(0), line.number(1));
    }
    LabelledFiles train = new LabelledFiles();
    LabelledFiles test = new LabelledFiles();
    for (TextLists.Line line : lines(dir.resolve("images.txt"), 2, HINT)) {
      Long label = classes.get(line.number(0));
      if (label == null) {
        throw line.error("image " + line.fields()[0] + " has no class in image_class_labels.txt");
      }
      Path file = dir.resolve("images").resolve(line.fields()[1]);
      if (label >= 1 && label <= 100) {
        train.add(file, label);
      } else if (label >= 101 && label <= 200) {
        test.add(file, label);
      } else {
        throw line.error("class " + label + " outside 1..200");
      }
    }
    ImageSet trainSet = train.toImageSet("cub training split (classes 1-100)", options);
    ImageSet testSet = test.toImageSet("cub test split (classes 101-200)", options);
    return splits(
        "CUB-200-2011 ("
            + dir
            + "): classes 1-100 for training ("
            + trainSet.size()
            + " images), leave-one-out retrieval on classes 101-200 ("
            + testSet.size()
            + " images)",
        trainSet,
        testSet);
  }
}

package org.rankkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * iNaturalist 2018 with the Smooth-AP retrieval split (Brown et al., ECCV 2020): the data directory
 * holds {@code Inat_dataset_splits/Inaturalist_train_set1.txt} and {@code
 * Inaturalist_test_set1.txt}, each listing one image path per line relative to the data directory
 * ({@code train_val2018/<super-category>/<category id>/<file>.jpg}), with the images under it. The
 * class of an image is its {@code <super-category>/<category id>} (the last two folders); labels
 * number the classes of both lists in sorted order. Training on the training list, leave-one-out
 * retrieval on the test list (disjoint classes).
 */
final class INaturalist implements Dataset {

  /** The dataset id: {@code inat}. */
  static final String ID = "inat";

  static final String SPLITS = "Inat_dataset_splits";
  static final String LAYOUT =
      SPLITS
          + "/Inaturalist_train_set1.txt, "
          + SPLITS
          + "/Inaturalist_test_set1.txt and the train_val2018/ image folders";

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  INaturalist() {}

  @Override
  public RetrievalSplits open(DataOptions options) {
    Path dir = options.dataDir();
    TextLists.requireDirectory(dir, "inat", LAYOUT);
    String hint = "Expected iNaturalist 2018 with the Smooth-AP split lists: " + LAYOUT;
    List<TextLists.Line> trainLines =
        TextLists.read(dir.resolve(SPLITS).resolve("Inaturalist_train_set1.txt"), 1, "inat", hint);
    List<TextLists.Line> testLines =
        TextLists.read(dir.resolve(SPLITS).resolve("Inaturalist_test_set1.txt"), 1, "inat", hint);
    TreeSet<String> classNames = new TreeSet<>();
    for (List<TextLists.Line> lines : List.of(trainLines, testLines)) {
      for (TextLists.Line line : lines) {
        classNames.add(className(line));
      }
    }
    Map<String, Long> ids = new TreeMap<>();
    for (String name : classNames) {
      ids.put(name, (long) ids.size());
    }
    ImageSet train = split(dir, trainLines, ids, "inat training split", options);
    ImageSet test = split(dir, testLines, ids, "inat test split", options);
    return new RetrievalSplits(
        "inat",
        "iNaturalist 2018, Smooth-AP split ("
            + dir
            + "): "
            + train.size()
            + " training images, leave-one-out retrieval on "
            + test.size()
            + " test images",
        train,
        test,
        null);
  }

  private static String className(TextLists.Line line) {
    String path = String.join(" ", line.fields()).replace('\\', '/');
    String[] parts = path.split("/");
    if (parts.length < 3) {
      throw line.error("expected <...>/<super-category>/<category>/<image>, got '" + path + "'");
    }
    return parts[parts.length - 3] + "/" + parts[parts.length - 2];
  }

  private static ImageSet split(
      Path dir,
      List<TextLists.Line> lines,
      Map<String, Long> ids,
      String what,
      DataOptions options) {
    List<Path> files = new ArrayList<>(lines.size());
    long[] labels = new long[lines.size()];
    for (TextLists.Line line : lines) {
      labels[files.size()] = ids.get(className(line));
      files.add(dir.resolve(String.join(" ", line.fields())));
    }
    return FileImageSet.create(what, files, labels, options, DataOptions.DEFAULT_PHOTO_SIZE);
  }
}

package org.rankkit.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * iNaturalist 2018 with the Smooth-AP retrieval split (Brown et al., ECCV 2020): the data directory
 * holds {@code Inat_dataset_splits/Inaturalist_train_set1.txt} and {@code
 * Inaturalist_test_set1.txt}, each listing one image path per line relative to the data directory
 * ({@code train_val2018/<super-category>/<category id>/<file>.jpg}), with the images under it. The
 * class of an image is its {@code <super-category>/<category id>} (the last two folders); labels
 * number the classes of both lists in sorted order. Training on the training list, leave-one-out
 * retrieval on the test list (disjoint classes).
 */
final class INaturalist extends DirectoryDataset {

  /** The dataset id: {@code inat}. */
  static final String ID = "inat";

  static final String SPLITS = "Inat_dataset_splits";
  static final String LAYOUT =
      SPLITS
          + "/Inaturalist_train_set1.txt, "
          + SPLITS
          + "/Inaturalist_test_set1.txt and the train_val2018/ image folders";

  private static final String HINT =
      "Expected iNaturalist 2018 with the Smooth-AP split lists: " + LAYOUT;

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  INaturalist() {
    super(ID, LAYOUT);
  }

  @Override
  RetrievalSplits read(Path dir, DataOptions options) {
    List<TextLists.Line> trainLines =
        lines(dir.resolve(SPLITS).resolve("Inaturalist_train_set1.txt"), 1, HINT);
    List<TextLists.Line> testLines =
        lines(dir.resolve(SPLITS).resolve("Inaturalist_test_set1.txt"), 1, HINT);
    List<String> classNames = new ArrayList<>();
    for (List<TextLists.Line> lines : List.of(trainLines, testLines)) {
      for (TextLists.Line line : lines) {
        classNames.add(className(line));
      }
    }
    Map<String, Long> ids = LabelledFiles.numberSorted(classNames);
    ImageSet train = split(dir, trainLines, ids, "inat training split", options);
    ImageSet test = split(dir, testLines, ids, "inat test split", options);
    return RetrievalSplits.leaveOneOut(
        ID, "iNaturalist 2018, Smooth-AP split (" + dir + ")", train, test, "test images");
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
    LabelledFiles files = new LabelledFiles();
    for (TextLists.Line line : lines) {
      files.add(dir.resolve(String.join(" ", line.fields())), ids.get(className(line)));
    }
    return files.toImageSet(what, options);
  }
}

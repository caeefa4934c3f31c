package org.rankkit.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Stanford Online Products in its published layout: {@code Ebay_train.txt} and {@code
 * Ebay_test.txt} in the data directory, each with the header {@code image_id class_id
 * super_class_id path} and one image per line, the path relative to the data directory (e.g. {@code
 * bicycle_final/111085122871_0.JPG}). Training on the training list (11,318 classes), leave-one-out
 * retrieval on the test list (11,316 other classes). Label = {@code class_id}.
 */
final class StanfordOnlineProducts extends DirectoryDataset {

  /** The dataset id: {@code sop}. */
  static final String ID = "sop";

  static final String LAYOUT =
      "Ebay_train.txt, Ebay_test.txt and the <super_class>_final/ image folders";

  private static final String HINT = "Expected the Stanford Online Products layout: " + LAYOUT;

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  StanfordOnlineProducts() {
    super(ID, LAYOUT);
  }

  @Override
  RetrievalSplits read(Path dir, DataOptions options) {
    ImageSet train = split(dir, "Ebay_train.txt", "sop training split", options);
    ImageSet test = split(dir, "Ebay_test.txt", "sop test split", options);
    return RetrievalSplits.leaveOneOut(
        ID, "Stanford Online Products (" + dir + ")", train, test, "test images");
  }

  private ImageSet split(Path dir, String listName, String what, DataOptions options) {
    List<TextLists.Line> lines = lines(dir.resolve(listName), 4, HINT);
    LabelledFiles files = new LabelledFiles();
    for (TextLists.Line line : lines) {
      if (line == lines.get(0) && "image_id".equals(line.fields()[0])) {
        continue; // the header line
      }
      files.add(dir.resolve(line.fields()[3]), line.number(1));
    }
    return files.toImageSet(what, options);
  }
}

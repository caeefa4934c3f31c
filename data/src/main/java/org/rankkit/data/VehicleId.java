package org.rankkit.data;

import java.nio.file.Path;

/**
 * PKU VehicleID in its published layout: {@code train_test_split/train_list.txt} and {@code
 * train_test_split/test_list_800.txt} (or {@code _1600}, {@code _2400}), each line {@code <image>
 * <vehicle id>}, and the images as {@code image/<image>.jpg} (a numeric image name is zero-padded
 * to 7 digits). Training on the training list, leave-one-out retrieval on the chosen test list (the
 * deep-metric-learning protocol). Label = vehicle id.
 */
final class VehicleId extends DirectoryDataset {

  /** The dataset id: {@code vehicleid}. */
  static final String ID = "vehicleid";

  static final String LAYOUT =
      "train_test_split/train_list.txt, train_test_split/test_list_800.txt"
          + " (and _1600, _2400) and image/<image>.jpg";

  private static final String HINT = "Expected the PKU VehicleID layout: " + LAYOUT;

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  VehicleId() {
    super(ID, LAYOUT);
  }

  @Override
  RetrievalSplits read(Path dir, DataOptions options) {
    String testList = "test_list_" + options.vehicleIdTestSize() + ".txt";
    ImageSet train = split(dir, "train_list.txt", "vehicleid training split", options);
    ImageSet test = split(dir, testList, "vehicleid test split (" + testList + ")", options);
    return RetrievalSplits.leaveOneOut(
        ID, "PKU VehicleID (" + dir + ")", train, test, "images of " + testList);
  }

  private ImageSet split(Path dir, String listName, String what, DataOptions options) {
    LabelledFiles files = new LabelledFiles();
    for (TextLists.Line line : lines(dir.resolve("train_test_split").resolve(listName), 2, HINT)) {
      files.add(dir.resolve("image").resolve(imageFile(line.fields()[0])), line.number(1));
    }
    return files.toImageSet(what, options);
  }

  static String imageFile(String image) {
    String name =
        image.chars().allMatch(Character::isDigit) && image.length() < 7
            ? "0".repeat(7 - image.length()) + image
            : image;
    return name.contains(".") ? name : name + ".jpg";
  }
}

package org.rankkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A generic image folder: one sub-folder per class holding that class's images (extensions jpg,
 * jpeg, png, bmp, gif; case-insensitive; sub-folders of a class folder are not searched). Classes
 * are numbered 0, 1, ... in sorted folder-name order, images taken in sorted file-name order.
 *
 * <ul>
 *   <li>If the directory holds {@code train/} and {@code test/}, each laid out like that, training
 *       uses {@code train/} and evaluation is leave-one-out on {@code test/} (labels numbered over
 *       the union of class names).
 *   <li>Otherwise, with {@code splitClasses}, the first half of the sorted classes (rounded up)
 *       trains and the second half evaluates leave-one-out.
 *   <li>Otherwise every class is used for training and for leave-one-out evaluation (a sanity
 *       check, not a held-out measurement).
 * </ul>
 */
final class ImageFolder extends DirectoryDataset {

  /** The dataset id: {@code folder}. */
  static final String ID = "folder";

  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  ImageFolder() {
    super(ID, "one sub-folder of images per class");
  }

  @Override
  RetrievalSplits read(Path dir, DataOptions options) {
    if (!options.splitClasses()
        && Files.isDirectory(dir.resolve("train"))
        && Files.isDirectory(dir.resolve("test"))) {
      List<String> trainClasses = classFolders(dir.resolve("train"));
      List<String> testClasses = classFolders(dir.resolve("test"));
      List<String> union = new ArrayList<>(trainClasses);
      union.addAll(testClasses);
      Map<String, Long> ids = LabelledFiles.numberSorted(union);
      ImageSet train =
          split(dir.resolve("train"), trainClasses, ids, "folder training split (train/)", options);
      ImageSet test =
          split(dir.resolve("test"), testClasses, ids, "folder test split (test/)", options);
      return splits(
          "Image folder "
              + dir
              + ": train/ ("
              + train.size()
              + " images, "
              + trainClasses.size()
              + " classes), leave-one-out retrieval on test/ ("
              + test.size()
              + " images, "
              + testClasses.size()
              + " classes)",
          train,
          test);
    }
    List<String> classes = classFolders(dir);
    Map<String, Long> ids = LabelledFiles.numberSorted(classes);
    if (options.splitClasses()) {
      if (classes.size() < 2) {
        throw new DataException(
            "folder: splitClasses=true needs at least 2 class folders in "
                + dir
                + ", found "
                + classes.size());
      }
      int half = (classes.size() + 1) / 2;
      List<String> trainClasses = classes.subList(0, half);
      List<String> testClasses = classes.subList(half, classes.size());
      ImageSet train = split(dir, trainClasses, ids, "folder training classes", options);
      ImageSet test = split(dir, testClasses, ids, "folder test classes", options);
      return splits(
          "Image folder "
              + dir
              + " split by class: "
              + trainClasses.size()
              + " classes for training ("
              + train.size()
              + " images, '"
              + trainClasses.get(0)
              + "'..'"
              + trainClasses.get(trainClasses.size() - 1)
              + "'), "
              + testClasses.size()
              + " for leave-one-out retrieval ("
              + test.size()
              + " images)",
          train,
          test);
    }
    ImageSet all = split(dir, classes, ids, "folder", options);
    return splits(
        "Image folder "
            + dir
            + ": "
            + classes.size()
            + " classes, "
            + all.size()
            + " images, used for training and for leave-one-out retrieval"
            + " (not held out; for a held-out split give train/ and test/ folders, or set splitClasses=true:"
            + " --set splitClasses=true, or splitClasses: true in a config or suite file)",
        all,
        all);
  }

  private static List<String> classFolders(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names =
          entries
              .filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.startsWith("."))
              .sorted()
              .toList();
      if (names.isEmpty()) {
        throw new DataException(
            "folder: "
                + dir
                + " has no class sub-folders; expected one sub-folder"
                + " of images per class");
      }
      return names;
    } catch (IOException e) {
      throw new DataException("folder: cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  private static ImageSet split(
      Path dir, List<String> classes, Map<String, Long> ids, String what, DataOptions options) {
    LabelledFiles files = new LabelledFiles();
    for (String name : classes) {
      try (Stream<Path> entries = Files.list(dir.resolve(name))) {
        for (Path file : entries.filter(ImageFolder::isImage).sorted().toList()) {
          files.add(file, ids.get(name));
        }
      } catch (IOException e) {
        throw new DataException(
            "folder: cannot list " + dir.resolve(name) + ": " + e.getMessage(), e);
      }
    }
    if (files.isEmpty()) {
      throw new DataException(
          what
              + ": no images ("
              + String.join(", ", EXTENSIONS)
              + ") in the class"
              + " folders of "
              + dir);
    }
    return files.toImageSet(what, options);
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0
        && Files.isRegularFile(file)
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}

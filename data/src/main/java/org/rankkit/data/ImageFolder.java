package org.rankkit.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
final class ImageFolder implements Dataset {

  /** The dataset id: {@code folder}. */
  static final String ID = "folder";

  static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  /** Creates the dataset (stateless; the plugin module of {@code data} contributes it). */
  ImageFolder() {}

  @Override
  public RetrievalSplits open(DataOptions options) {
    Path dir = options.dataDir();
    TextLists.requireDirectory(dir, "folder", "one sub-folder of images per class");
    if (!options.splitClasses()
        && Files.isDirectory(dir.resolve("train"))
        && Files.isDirectory(dir.resolve("test"))) {
      List<String> trainClasses = classFolders(dir.resolve("train"));
      List<String> testClasses = classFolders(dir.resolve("test"));
      java.util.TreeSet<String> union = new java.util.TreeSet<>(trainClasses);
      union.addAll(testClasses);
      List<String> all = List.copyOf(union);
      ImageSet train =
          split(dir.resolve("train"), trainClasses, all, "folder training split (train/)", options);
      ImageSet test =
          split(dir.resolve("test"), testClasses, all, "folder test split (test/)", options);
      return new RetrievalSplits(
          "folder",
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
          test,
          null);
    }
    List<String> classes = classFolders(dir);
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
      ImageSet train = split(dir, trainClasses, classes, "folder training classes", options);
      ImageSet test = split(dir, testClasses, classes, "folder test classes", options);
      return new RetrievalSplits(
          "folder",
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
          test,
          null);
    }
    ImageSet all = split(dir, classes, classes, "folder", options);
    return new RetrievalSplits(
        "folder",
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
        all,
        null);
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
      Path dir, List<String> classes, List<String> allClasses, String what, DataOptions options) {
    List<Path> files = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    for (String name : classes) {
      long label = allClasses.indexOf(name);
      try (Stream<Path> entries = Files.list(dir.resolve(name))) {
        for (Path file : entries.filter(ImageFolder::isImage).sorted().toList()) {
          files.add(file);
          labels.add(label);
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
    return FileImageSet.create(
        what, files, Cub200.toArray(labels), options, DataOptions.DEFAULT_PHOTO_SIZE);
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0
        && Files.isRegularFile(file)
        && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}

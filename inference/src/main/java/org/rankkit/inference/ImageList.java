package org.rankkit.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The images that {@code rankkit embed} embeds from files, with their ids and (where known) labels.
 *
 * @param files the image files, in order
 * @param ids one id per file
 * @param labels one label per file, or null when the source has none
 */
public record ImageList(List<Path> files, List<String> ids, long[] labels) {

  /** File extensions taken from a folder (case-insensitive). */
  public static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

  /**
   * Copies the lists.
   *
   * @param files the image files
   * @param ids one id per file
   * @param labels one label per file, or null
   */
  public ImageList {
    files = List.copyOf(files);
    ids = List.copyOf(ids);
    labels = labels == null ? null : labels.clone();
  }

  /**
   * Every image file under a folder (recursively), sorted by relative path; ids are the relative
   * paths. When every image lies in a first-level subfolder, the subfolders are the classes: labels
   * are their indices in sorted name order.
   *
   * @param dir the folder
   * @return the list
   * @throws IllegalArgumentException when the folder is missing or holds no image
   * @throws IOException when listing fails
   */
  public static ImageList folder(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("--data " + dir + " is not a directory");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(ImageList::isImage)
              .sorted(
                  (a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString()))
              .toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "--data "
              + dir
              + " holds no image file ("
              + String.join(", ", new java.util.TreeSet<>(EXTENSIONS))
              + ")");
    }
    List<String> ids =
        files.stream().map(f -> dir.relativize(f).toString().replace('\\', '/')).toList();
    boolean classed = ids.stream().allMatch(id -> id.indexOf('/') > 0);
    long[] labels = null;
    if (classed) {
      TreeMap<String, Long> classes = new TreeMap<>();
      ids.forEach(id -> classes.put(id.substring(0, id.indexOf('/')), 0L));
      long next = 0;
      for (var e : classes.entrySet()) {
        e.setValue(next++);
      }
      labels =
          ids.stream().mapToLong(id -> classes.get(id.substring(0, id.indexOf('/')))).toArray();
    }
    return new ImageList(files, ids, labels);
  }

  /**
   * A list file: one image per line, {@code PATH} or {@code PATH,LABEL} (an integer); relative
   * paths are relative to the list's folder; blank lines and lines starting with {@code #} are
   * skipped. Labels are kept when every line has one. Ids are the paths as written.
   *
   * @param list the list file
   * @return the list
   * @throws IllegalArgumentException naming the file and line of a malformed line
   * @throws IOException when reading fails
   */
  public static ImageList list(Path list) throws IOException {
    if (!Files.isRegularFile(list)) {
      throw new IllegalArgumentException("--list " + list + " does not exist");
    }
    Path base = list.toAbsolutePath().getParent();
    List<Path> files = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    List<Long> labels = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      String path = t;
      int comma = t.lastIndexOf(',');
      if (comma > 0) {
        path = t.substring(0, comma).strip();
        try {
          labels.add(Long.parseLong(t.substring(comma + 1).strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              list
                  + " line "
                  + lineNo
                  + ": the label after the comma must be an integer, got '"
                  + t.substring(comma + 1).strip()
                  + "'");
        }
      }
      files.add(base.resolve(path));
      ids.add(path);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("--list " + list + " names no image");
    }
    long[] l =
        labels.size() == files.size() ? labels.stream().mapToLong(Long::longValue).toArray() : null;
    return new ImageList(files, ids, l);
  }

  private static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}

package org.rankkit.testkit.dataset;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Writes tiny but valid datasets in each published layout that {@code rankkit} reads ({@code
 * folder}, {@code csv}, {@code sop}, {@code cub}, {@code inat}, {@code vehicleid}), for driving the
 * command line end to end.
 *
 * <p>Every dataset has {@value #TRAIN_CLASSES} training classes and {@value #TEST_CLASSES}
 * evaluation classes of {@value #PER_CLASS} images each: a batch of 8 is 2 classes × 4 items, and
 * the leave-one-out evaluation split has {@value #TEST_ITEMS} items, more than the largest default
 * k (8). Images are {@value #SIZE}×{@value #SIZE} RGB, one colour per class with a small per-item
 * variation (brightness and one marked pixel row), so classes are separable and no two images are
 * identical. Everything is a pure function of the class and item numbers: fixtures are the same on
 * every run.
 */
public final class DatasetFixtures {

  /** Classes of the training split. */
  public static final int TRAIN_CLASSES = 3;

  /** Classes of the evaluation split (disjoint from the training classes). */
  public static final int TEST_CLASSES = 3;

  /** Images per class. */
  public static final int PER_CLASS = 4;

  /** Items of the evaluation split. */
  public static final int TEST_ITEMS = TEST_CLASSES * PER_CLASS;

  /** Side of the square images in pixels. */
  public static final int SIZE = 12;

  /** The six datasets that need a data directory, in the order the tests use them. */
  public static final List<String> DATASETS =
      List.of("folder", "csv", "sop", "cub", "inat", "vehicleid");

  /** Well separated base colours (0xRRGGBB), one per class index. */
  private static final int[] PALETTE = {
    0xD02020, 0x20B040, 0x2040D0, 0xE0C020, 0xA020C0, 0x20C0C0, 0xE07010, 0x808080,
  };

  private DatasetFixtures() {}

  /**
   * Writes dataset {@code dataset} under {@code root} in its standard layout ({@code folder}: one
   * sub-folder per class, to be split with {@code splitClasses=true}).
   *
   * @param dataset one of {@link #DATASETS}
   * @param root an empty or missing directory
   * @return what to pass as {@code --data}: the directory, or for {@code csv} the CSV file
   * @throws IOException when writing fails
   */
  public static Path write(String dataset, Path root) throws IOException {
    return switch (dataset) {
      case "folder" -> folderOfClasses(root);
      case "csv" -> csv(root);
      case "sop" -> sop(root);
      case "cub" -> cub(root);
      case "inat" -> inat(root);
      case "vehicleid" -> vehicleId(root);
      default -> throw new IllegalArgumentException("no fixture for dataset '" + dataset + "'");
    };
  }

  /**
   * A {@code folder} dataset with one sub-folder per class, {@code class0} .. {@code class5}: with
   * {@code splitClasses=true} the first three train and the last three evaluate.
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path folderOfClasses(Path root) throws IOException {
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      for (int i = 0; i < PER_CLASS; i++) {
        image(root.resolve("class" + c).resolve("img" + i + ".png"), c, i);
      }
    }
    return root;
  }

  /**
   * A {@code folder} dataset with {@code train/} (classes 0-2) and {@code test/} (classes 3-5).
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path folderTrainTest(Path root) throws IOException {
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      String split = c < TRAIN_CLASSES ? "train" : "test";
      for (int i = 0; i < PER_CLASS; i++) {
        image(root.resolve(split).resolve("class" + c).resolve("img" + i + ".png"), c, i);
      }
    }
    return root;
  }

  /**
   * A {@code folder} dataset of {@code classes} class folders with {@code perClass} images each,
   * the first image of the first class replaced by bytes no decoder accepts.
   *
   * @param root the directory to fill
   * @param classes how many class folders
   * @param perClass images per class
   * @return the corrupt file
   * @throws IOException when writing fails
   */
  public static Path folderWithCorruptImage(Path root, int classes, int perClass)
      throws IOException {
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        image(root.resolve("class" + c).resolve("img" + i + ".png"), c, i);
      }
    }
    Path corrupt = root.resolve("class0").resolve("img0.png");
    Files.write(corrupt, "this is not a PNG".getBytes(StandardCharsets.US_ASCII));
    return corrupt;
  }

  /**
   * A {@code csv} list {@code list.csv} (header {@code path,label,split}; splits train and test)
   * over images in {@code img/}; labels are class names.
   *
   * @param root the directory to fill
   * @return the CSV file
   * @throws IOException when writing fails
   */
  public static Path csv(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("path,label,split");
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      String split = c < TRAIN_CLASSES ? "train" : "test";
      for (int i = 0; i < PER_CLASS; i++) {
        String path = "img/c" + c + "_" + i + ".png";
        image(root.resolve(path), c, i);
        lines.add(path + ",class" + c + "," + split);
      }
    }
    return text(root.resolve("list.csv"), lines);
  }

  /**
   * Stanford Online Products: {@code Ebay_train.txt} and {@code Ebay_test.txt} (header {@code
   * image_id class_id super_class_id path}) and {@code <super>_final/<product>_<n>.png}; training
   * class ids 1-3, test class ids 11319-11321 as in the real lists.
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path sop(Path root) throws IOException {
    String[] supers = {"bicycle", "cabinet", "chair", "coffee_maker", "fan", "kettle"};
    List<String> train = new ArrayList<>(List.of("image_id class_id super_class_id path"));
    List<String> test = new ArrayList<>(List.of("image_id class_id super_class_id path"));
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      boolean isTrain = c < TRAIN_CLASSES;
      long classId = isTrain ? c + 1 : 11319 + c - TRAIN_CLASSES;
      List<String> list = isTrain ? train : test;
      for (int i = 0; i < PER_CLASS; i++) {
        String path = supers[c] + "_final/" + (111085122800L + c) + "_" + i + ".png";
        image(root.resolve(path), c, i);
        list.add(list.size() + " " + classId + " " + (c + 1) + " " + path);
      }
    }
    text(root.resolve("Ebay_train.txt"), train);
    text(root.resolve("Ebay_test.txt"), test);
    return root;
  }

  /**
   * CUB-200-2011: {@code images.txt}, {@code image_class_labels.txt}, {@code classes.txt} and
   * {@code images/<NNN.Name>/<file>.png}; classes 1-3 train, 101-103 evaluate (the published split
   * puts classes 1-100 in training and 101-200 in evaluation).
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path cub(Path root) throws IOException {
    List<String> images = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    int imageId = 1;
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      int classId = c < TRAIN_CLASSES ? c + 1 : 101 + c - TRAIN_CLASSES;
      String folder = String.format(Locale.ROOT, "%03d.Bird_%d", classId, classId);
      classes.add(classId + " " + folder);
      for (int i = 0; i < PER_CLASS; i++, imageId++) {
        String name = folder + "/Bird_" + classId + "_" + i + ".png";
        image(root.resolve("images").resolve(name), c, i);
        images.add(imageId + " " + name);
        labels.add(imageId + " " + classId);
      }
    }
    text(root.resolve("images.txt"), images);
    text(root.resolve("image_class_labels.txt"), labels);
    text(root.resolve("classes.txt"), classes);
    return root;
  }

  /**
   * iNaturalist 2018 with the Smooth-AP split lists: {@code
   * Inat_dataset_splits/Inaturalist_train_set1.txt} and {@code Inaturalist_test_set1.txt} listing
   * {@code train_val2018/<super-category>/<category>/<file>.jpg}, and the images (JPEG, as named).
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path inat(Path root) throws IOException {
    String[] categories = {
      "Plantae/7477", "Aves/2031", "Fungi/12", "Insecta/1000", "Insecta/1001", "Reptilia/30"
    };
    List<String> train = new ArrayList<>();
    List<String> test = new ArrayList<>();
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES; c++) {
      for (int i = 0; i < PER_CLASS; i++) {
        String path =
            "train_val2018/"
                + categories[c]
                + "/"
                + String.format(Locale.ROOT, "%08x", c * 131 + i)
                + ".jpg";
        image(root.resolve(path), c, i);
        (c < TRAIN_CLASSES ? train : test).add(path);
      }
    }
    text(root.resolve("Inat_dataset_splits/Inaturalist_train_set1.txt"), train);
    text(root.resolve("Inat_dataset_splits/Inaturalist_test_set1.txt"), test);
    return root;
  }

  /**
   * PKU VehicleID: {@code train_test_split/train_list.txt} (vehicles 1-3), {@code
   * test_list_800.txt} (vehicles 11-13, 12 images), {@code test_list_1600.txt} (vehicles 11-14, 16
   * images) and {@code test_list_2400.txt} (vehicles 11-15, 20 images), each line {@code <image>
   * <vehicle id>}, and {@code image/<7-digit image>.jpg} (JPEG, as the layout names them).
   *
   * @param root the directory to fill
   * @return {@code root}
   * @throws IOException when writing fails
   */
  public static Path vehicleId(Path root) throws IOException {
    List<String> train = new ArrayList<>();
    List<List<String>> tests = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    int image = 1;
    for (int c = 0; c < TRAIN_CLASSES + TEST_CLASSES + 2; c++) {
      boolean isTrain = c < TRAIN_CLASSES;
      int vehicle = isTrain ? c + 1 : 11 + c - TRAIN_CLASSES;
      for (int i = 0; i < PER_CLASS; i++, image++) {
        String id = String.format(Locale.ROOT, "%07d", image);
        image(root.resolve("image").resolve(id + ".jpg"), c, i);
        String line = id + " " + vehicle;
        if (isTrain) {
          train.add(line);
        } else {
          int testClass = c - TRAIN_CLASSES; // 0..4
          // 800: the first three test vehicles; 1600: four; 2400: five (each list a superset)
          for (int t = 0; t < tests.size(); t++) {
            if (testClass < TEST_CLASSES + t) {
              tests.get(t).add(line);
            }
          }
        }
      }
    }
    Path lists = root.resolve("train_test_split");
    text(lists.resolve("train_list.txt"), train);
    text(lists.resolve("test_list_800.txt"), tests.get(0));
    text(lists.resolve("test_list_1600.txt"), tests.get(1));
    text(lists.resolve("test_list_2400.txt"), tests.get(2));
    return root;
  }

  /**
   * The image of item {@code item} of class {@code classIndex}: the class colour, brightened by the
   * item number, with one row of pixels marked per item.
   *
   * @param classIndex the class (selects the colour)
   * @param item the item within the class
   * @return a {@value #SIZE}×{@value #SIZE} RGB image
   */
  public static BufferedImage picture(int classIndex, int item) {
    int base = PALETTE[classIndex % PALETTE.length];
    int shift = 6 * item;
    int rgb =
        (channel(base >> 16, shift) << 16)
            | (channel(base >> 8, shift) << 8)
            | channel(base, shift);
    int marker =
        (channel(base >> 16, 40) << 16) | (channel(base >> 8, 40) << 8) | channel(base, 40);
    BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        image.setRGB(x, y, y == (item * 3) % SIZE ? marker : rgb);
      }
    }
    return image;
  }

  private static int channel(int value, int add) {
    return Math.min(255, (value & 0xFF) + add);
  }

  /** Writes {@link #picture} in the format the file name's extension names (png or jpg). */
  private static void image(Path file, int classIndex, int item) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    String name = file.getFileName().toString();
    String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    if (!ImageIO.write(
        picture(classIndex, item), format.equals("jpeg") ? "jpg" : format, file.toFile())) {
      throw new IOException("no image writer for " + format);
    }
  }

  private static Path text(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    return Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }
}

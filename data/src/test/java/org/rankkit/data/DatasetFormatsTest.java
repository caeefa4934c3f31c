package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each dataset format on a tiny fixture written in its owner's layout. */
class DatasetFormatsTest {

  @TempDir Path dir;

  private static float red(int value) {
    return (value / 255f - ImageTransform.IMAGENET_MEAN[0]) / ImageTransform.IMAGENET_STD[0];
  }

  /** Checks the first channel of item {@code index} is the normalised red value {@code value}. */
  private static void assertRed(ImageSet set, int index, int value) {
    float[] data = set.loadFloats(new int[] {index}, false, null);
    assertThat(data[0]).isCloseTo(red(value), within(1e-5f));
  }

  private DataOptions options(String dataset) {
    return DataOptions.of(dataset, dir).withImageSize(16);
  }

  @Test
  void stanfordOnlineProducts() throws IOException {
    ImageFixtures.text(
        dir.resolve("Ebay_train.txt"),
        "image_id class_id super_class_id path",
        "1 1 1 bicycle_final/111085122871_0.JPG",
        "2 1 1 bicycle_final/111085122871_1.JPG",
        "3 2 2 cabinet_final/111265328556_0.JPG");
    ImageFixtures.text(
        dir.resolve("Ebay_test.txt"),
        "image_id class_id super_class_id path",
        "1 11319 1 bicycle_final/251952414262_0.JPG",
        "2 11319 1 bicycle_final/251952414262_1.JPG",
        "3 11320 2 cabinet_final/371251398562_0.JPG");
    ImageFixtures.image(dir.resolve("bicycle_final/111085122871_0.JPG"), 0x100000);
    ImageFixtures.image(dir.resolve("bicycle_final/111085122871_1.JPG"), 0x200000);
    ImageFixtures.image(dir.resolve("cabinet_final/111265328556_0.JPG"), 0x300000);
    ImageFixtures.image(dir.resolve("bicycle_final/251952414262_0.JPG"), 0x400000);
    ImageFixtures.image(dir.resolve("bicycle_final/251952414262_1.JPG"), 0x500000);
    ImageFixtures.image(dir.resolve("cabinet_final/371251398562_0.JPG"), 0xF00000);

    RetrievalSplits splits = Datasets.open(options("sop"));
    assertThat(splits.name()).isEqualTo("sop");
    assertThat(splits.train().labels()).containsExactly(1, 1, 2);
    assertThat(splits.query().labels()).containsExactly(11319, 11319, 11320);
    assertThat(splits.leaveOneOut()).isTrue();
    assertThat(splits.train().itemShape()).isEqualTo(new Shape(3, 16, 16));
    float[] data = splits.query().loadFloats(new int[] {2}, false, null);
    assertThat(data[0]).isCloseTo(red(0xF0), within(0.03f)); // JPEG
  }

  @Test
  void cub200SplitsClassesAtHundred() throws IOException {
    ImageFixtures.text(
        dir.resolve("images.txt"),
        "1 001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg",
        "2 001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg",
        "3 100.Brown_Pelican/Brown_Pelican_0001_94.png",
        "4 101.White_Pelican/White_Pelican_0025_97604.png",
        "5 200.Common_Yellowthroat/Common_Yellowthroat_0055_190967.png");
    ImageFixtures.text(
        dir.resolve("image_class_labels.txt"), "1 1", "2 1", "3 100", "4 101", "5 200");
    ImageFixtures.image(
        dir.resolve("images/001.Black_footed_Albatross/Black_Footed_Albatross_0046_18.jpg"), 0);
    ImageFixtures.image(
        dir.resolve("images/001.Black_footed_Albatross/Black_Footed_Albatross_0009_34.jpg"), 0);
    ImageFixtures.image(
        dir.resolve("images/100.Brown_Pelican/Brown_Pelican_0001_94.png"), 0x330000);
    ImageFixtures.image(
        dir.resolve("images/101.White_Pelican/White_Pelican_0025_97604.png"), 0x660000);
    ImageFixtures.image(
        dir.resolve("images/200.Common_Yellowthroat/Common_Yellowthroat_0055_190967.png"),
        0x990000);

    RetrievalSplits splits = Datasets.open(options("cub"));
    assertThat(splits.train().labels()).containsExactly(1, 1, 100);
    assertThat(splits.query().labels()).containsExactly(101, 200);
    assertRed(splits.train(), 2, 0x33);
    assertRed(splits.query(), 1, 0x99);
    assertThat(splits.description()).contains("classes 1-100", "101-200");
  }

  @Test
  void inaturalistWithSmoothApSplitLists() throws IOException {
    ImageFixtures.text(
        dir.resolve("Inat_dataset_splits/Inaturalist_train_set1.txt"),
        "train_val2018/Plantae/7477/3b60c9486db1d2ee875f11a669fbde4b.jpg",
        "train_val2018/Plantae/7477/a1b2.jpg",
        "train_val2018/Aves/2031/c3d4.jpg");
    ImageFixtures.text(
        dir.resolve("Inat_dataset_splits/Inaturalist_test_set1.txt"),
        "train_val2018/Insecta/1000/e5f6.jpg",
        "train_val2018/Insecta/1000/e5f7.jpg",
        "train_val2018/Insecta/1001/0001.jpg");
    for (String path :
        new String[] {
          "Plantae/7477/3b60c9486db1d2ee875f11a669fbde4b.jpg",
          "Plantae/7477/a1b2.jpg",
          "Aves/2031/c3d4.jpg",
          "Insecta/1000/e5f6.jpg",
          "Insecta/1000/e5f7.jpg",
          "Insecta/1001/0001.jpg"
        }) {
      ImageFixtures.image(dir.resolve("train_val2018").resolve(path), 0x777777);
    }
    RetrievalSplits splits = Datasets.open(options("inat"));
    // classes sorted: Aves/2031=0, Insecta/1000=1, Insecta/1001=2, Plantae/7477=3
    assertThat(splits.train().labels()).containsExactly(3, 3, 0);
    assertThat(splits.query().labels()).containsExactly(1, 1, 2);
    assertThat(splits.leaveOneOut()).isTrue();
    assertThat(splits.query().loadFloats(new int[] {0, 1, 2}, true, new SplittableRandom(1)))
        .hasSize(3 * 3 * 256);
  }

  @Test
  void vehicleIdWithItsTestLists() throws IOException {
    ImageFixtures.text(
        dir.resolve("train_test_split/train_list.txt"), "0000001 7", "0000002 7", "0000003 9");
    ImageFixtures.text(
        dir.resolve("train_test_split/test_list_800.txt"), "0000010 11", "0000011 11");
    ImageFixtures.text(
        dir.resolve("train_test_split/test_list_1600.txt"),
        "0000010 11",
        "0000011 11",
        "0000012 12");
    for (String id :
        new String[] {"0000001", "0000002", "0000003", "0000010", "0000011", "0000012"}) {
      ImageFixtures.image(dir.resolve("image/" + id + ".jpg"), 0x808080);
    }
    RetrievalSplits small = Datasets.open(options("vehicleid"));
    assertThat(small.train().labels()).containsExactly(7, 7, 9);
    assertThat(small.query().labels()).containsExactly(11, 11);
    RetrievalSplits medium = Datasets.open(options("vehicleid").withVehicleIdTestSize(1600));
    assertThat(medium.query().labels()).containsExactly(11, 11, 12);
    assertThatThrownBy(() -> Datasets.open(options("vehicleid").withVehicleIdTestSize(2400)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("test_list_2400.txt")
        .hasMessageContaining("not found");
    assertThat(VehicleId.imageFile("42")).isEqualTo("0000042.jpg");
  }

  @Test
  void imageFolderAllClassesSplitClassesAndTrainTestFolders() throws IOException {
    Path flat = dir.resolve("flat");
    ImageFixtures.image(flat.resolve("cat/b.png"), 0x010000);
    ImageFixtures.image(flat.resolve("cat/a.jpg"), 0x020000);
    ImageFixtures.image(flat.resolve("dog/x.PNG"), 0x030000);
    ImageFixtures.image(flat.resolve("emu/y.png"), 0x400000);
    ImageFixtures.text(flat.resolve("emu/notes.txt"), "not an image");

    RetrievalSplits all = Datasets.open(DataOptions.of("folder", flat).withImageSize(16));
    assertThat(all.train().labels()).containsExactly(0, 0, 1, 2);
    assertThat(all.query()).isSameAs(all.train());
    assertThat(all.description())
        .contains("not held out")
        .contains("--set splitClasses=true")
        .doesNotContain("--split-classes");

    RetrievalSplits split =
        Datasets.open(DataOptions.of("folder", flat).withImageSize(16).withSplitClasses(true));
    assertThat(split.train().labels()).containsExactly(0, 0, 1); // cat, dog
    assertThat(split.query().labels()).containsExactly(2); // emu
    assertRed(split.query(), 0, 0x40);

    Path tt = dir.resolve("tt");
    ImageFixtures.image(tt.resolve("train/b/1.png"), 0);
    ImageFixtures.image(tt.resolve("train/a/1.png"), 0);
    ImageFixtures.image(tt.resolve("test/c/1.png"), 0x500000);
    ImageFixtures.image(tt.resolve("test/c/2.png"), 0x600000);
    RetrievalSplits trainTest = Datasets.open(DataOptions.of("folder", tt).withImageSize(16));
    assertThat(trainTest.train().labels()).containsExactly(0, 1);
    assertThat(trainTest.query().labels()).containsExactly(2, 2);
    assertRed(trainTest.query(), 1, 0x60);
    assertThatThrownBy(
            () ->
                Datasets.open(DataOptions.of("folder", tt.resolve("test")).withSplitClasses(true)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("splitClasses=true needs at least 2 class folders");

    assertThatThrownBy(() -> Datasets.open(DataOptions.of("folder", dir.resolve("none"))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("not found")
        .hasMessageContaining("--data DIR");
  }

  @Test
  void csvListWithLeaveOneOutOrQueryAndGallery() throws IOException {
    ImageFixtures.image(dir.resolve("img/a.png"), 0x110000);
    ImageFixtures.image(dir.resolve("img/b, c.png"), 0x220000);
    ImageFixtures.image(dir.resolve("img/q.png"), 0x330000);
    ImageFixtures.image(dir.resolve("img/g.png"), 0x440000);
    Path abs = ImageFixtures.image(dir.resolve("elsewhere/z.png"), 0x550000).toAbsolutePath();
    Path loo =
        ImageFixtures.text(
            dir.resolve("loo.csv"),
            "path,label,split",
            "img/a.png,5,train",
            "\"img/b, c.png\",5,train",
            "img/q.png,6,test",
            abs + ",6,TEST");
    RetrievalSplits splits = Datasets.open(DataOptions.of("csv", loo).withImageSize(16));
    assertThat(splits.train().labels()).containsExactly(5, 5);
    assertThat(splits.query().labels()).containsExactly(6, 6);
    assertThat(splits.gallery()).isNull();
    assertRed(splits.train(), 1, 0x22);
    assertRed(splits.query(), 1, 0x55);

    Path qg = dir.resolve("qg");
    ImageFixtures.text(
        qg.resolve("list.csv"),
        "../img/a.png,shoe,train",
        "\"../img/b, c.png\",boot,train",
        "../img/q.png,shoe,query",
        "../img/g.png,shoe,gallery",
        "../img/a.png,boot,gallery");
    RetrievalSplits queryGallery = Datasets.open(DataOptions.of("csv", qg).withImageSize(16));
    assertThat(queryGallery.train().labels()).containsExactly(1, 0); // boot=0, shoe=1
    assertThat(queryGallery.query().labels()).containsExactly(1);
    assertThat(queryGallery.gallery().labels()).containsExactly(1, 0);
    assertThat(queryGallery.leaveOneOut()).isFalse();
    assertRed(queryGallery.gallery(), 0, 0x44);

    Path bad =
        ImageFixtures.text(dir.resolve("bad.csv"), "img/a.png,1,train", "img/q.png,1,validation");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("csv", bad)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("train, test, query, gallery");
    Path mixed =
        ImageFixtures.text(
            dir.resolve("mixed.csv"),
            "img/a.png,1,train",
            "img/q.png,1,test",
            "img/g.png,1,gallery");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("csv", mixed)))
        .hasMessageContaining("mixes split 'test'");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("csv", dir)))
        .hasMessageContaining("holds 3 .csv files");
  }

  @Test
  void missingImagesFailNamingTheFileUnlessSkipped() throws IOException {
    ImageFixtures.image(dir.resolve("c/a/1.png"), 0x100000);
    ImageFixtures.image(dir.resolve("c/a/2.png"), 0x200000);
    ImageFixtures.garbage(dir.resolve("c/a/3.png"));
    ImageFixtures.image(dir.resolve("c/b/1.png"), 0x300000);
    String[] rows = {
      "a/1.png,0,train", "a/gone.png,0,train", "a/2.png,0,test", "a/3.png,0,test", "b/1.png,1,test"
    };
    String[] rowsWithoutGone =
        Arrays.stream(rows).filter(row -> !row.startsWith("a/gone.png")).toArray(String[]::new);
    Path csv = ImageFixtures.text(dir.resolve("c/list.csv"), rows);

    assertThatThrownBy(() -> Datasets.open(DataOptions.of("csv", csv)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("gone.png")
        .hasMessageContaining("skipBadImages=true")
        .hasMessageContaining("--set skipBadImages=true");

    Files.delete(dir.resolve("c/a/1.png"));
    ImageFixtures.image(dir.resolve("c/a/1.png"), 0x100000);
    Path noMissing = ImageFixtures.text(dir.resolve("c/list.csv"), rowsWithoutGone);
    ImageSet test = Datasets.open(DataOptions.of("csv", noMissing).withImageSize(16)).query();
    assertThatThrownBy(() -> test.loadFloats(new int[] {0, 1}, false, null))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("3.png")
        .hasMessageContaining("--set skipBadImages=true");

    ImageFixtures.text(csv, rows);
    RetrievalSplits skipped =
        Datasets.open(DataOptions.of("csv", csv).withImageSize(16).withSkipBadImages(true));
    assertThat(skipped.train().size()).isEqualTo(1);
    assertThat(skipped.query().size()).isEqualTo(2);
    assertThat(skipped.query().labels()).containsExactly(0, 1);
  }

  @Test
  void undecodableImageFoundAtLoadIsReplacedByItsClassWhenSkipping() throws IOException {
    ImageFixtures.image(dir.resolve("f/a/1.png"), 0x100000);
    ImageFixtures.truncatedPng(dir.resolve("f/a/2.png"));
    ImageFixtures.image(dir.resolve("f/b/1.png"), 0x300000);
    DataOptions options =
        DataOptions.of("folder", dir.resolve("f")).withImageSize(16).withSkipBadImages(true);
    ImageSet set = Datasets.open(options).train();
    assertThat(set.size()).as("the header is readable, so the file is kept").isEqualTo(3);
    assertRed(set, 1, 0x10);
    assertThat(((FileImageSet) set).replacedAtLoad()).isEqualTo(1);

    ImageSet strict = Datasets.open(options.withSkipBadImages(false)).train();
    assertThatThrownBy(() -> strict.loadFloats(new int[] {1}, false, null))
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("2.png");
  }

  @Test
  void maxItemsPerSplitKeepsTheFirstItems() throws IOException {
    for (int i = 0; i < 5; i++) {
      ImageFixtures.image(dir.resolve("m/a/" + i + ".png"), 0);
      ImageFixtures.image(dir.resolve("m/b/" + i + ".png"), 0);
    }
    RetrievalSplits splits =
        Datasets.open(DataOptions.of("folder", dir.resolve("m")).withMaxItemsPerSplit(3));
    assertThat(splits.train().labels()).containsExactly(0, 0, 0);
    assertThat(splits.train().itemShape()).isEqualTo(new Shape(3, 224, 224));
  }

  @Test
  void missingListFilesSayWhatLayoutIsExpected() {
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("sop", dir)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("Ebay_train.txt");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("cub", dir)))
        .hasMessageContaining("image_class_labels.txt");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("inat", dir)))
        .hasMessageContaining("Inaturalist_train_set1.txt");
    assertThatThrownBy(() -> Datasets.open(DataOptions.of("sop", dir.resolve("absent"))))
        .hasMessageContaining("data directory")
        .hasMessageContaining("--data DIR");
  }
}

package org.rankkit.testkit.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.data.DataException;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Dataset;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;

/**
 * The contract every {@link Dataset} plugin must pass. Extend it in a test of your plugin, return
 * the dataset from {@link #dataset()} and write a small copy of its files in {@link #fixture(Path)}
 * (RankKit's own fixtures are in {@link DatasetFixtures}); {@code mvn test} then checks:
 *
 * <ul>
 *   <li>opening gives a training split and evaluation queries with items, and a name and a
 *       description;
 *   <li>every split has one item shape (C, H, W) and a declared normalisation, its labels match its
 *       size, and loading items gives exactly C·H·W finite floats each;
 *   <li>the evaluation transform is repeatable, and the training augmentation is reproduced by an
 *       identically seeded generator;
 *   <li>opening twice gives the same splits (sizes, labels, pixels);
 *   <li>some query has a same-label item to find (in the gallery, or among the other queries in
 *       leave-one-out), or no metric could be computed;
 *   <li>a missing directory fails with a {@link DataException} whose message names the directory.
 * </ul>
 */
public abstract class DatasetContract {

  /** Items loaded per split, at most (the first ones and the last one). */
  private static final int ITEMS_CHECKED = 16;

  @TempDir private Path fixtureRoot;

  /** Creates the contract; subclasses are JUnit test classes. */
  protected DatasetContract() {}

  /** {@return the dataset under test} */
  protected abstract Dataset dataset();

  /**
   * Writes a small copy of the dataset's files under {@code root} and returns the options that open
   * it ({@link DataOptions#dataDir()} set to the copy).
   *
   * @param root an empty directory
   * @return the options for {@link Dataset#open}
   * @throws IOException if writing fails
   */
  protected abstract DataOptions fixture(Path root) throws IOException;

  private RetrievalSplits open() throws IOException {
    return dataset().open(fixture(fixtureRoot));
  }

  private static List<ImageSet> splits(RetrievalSplits s) {
    return s.gallery() == null
        ? List.of(s.train(), s.query())
        : List.of(s.train(), s.query(), s.gallery());
  }

  private static int[] checkedItems(ImageSet set) {
    return IntStream.concat(
            IntStream.range(0, Math.min(ITEMS_CHECKED, set.size())), IntStream.of(set.size() - 1))
        .distinct()
        .toArray();
  }

  @Test
  void opensIntoNamedSplitsWithItems() throws IOException {
    RetrievalSplits s = open();
    assertThat(s.name()).as("name").isNotBlank();
    assertThat(s.description()).as("description").isNotBlank();
    assertThat(s.train().size()).as("training items").isPositive();
    assertThat(s.query().size()).as("query items").isPositive();
    if (s.gallery() != null) {
      assertThat(s.gallery().size()).as("gallery items").isPositive();
    }
  }

  @Test
  void everySplitHasOneShapeMatchingLabelsAndFiniteItems() throws IOException {
    RetrievalSplits s = open();
    for (ImageSet set : splits(s)) {
      assertThat(set.itemShape().dimension()).as("item shape (C, H, W)").isEqualTo(3);
      assertThat(set.itemShape())
          .as("the same item shape in every split")
          .isEqualTo(s.train().itemShape());
      assertThat(set.normalisation()).as("normalisation").isNotNull();
      long[] labels = set.labels();
      assertThat(labels).hasSize(set.size());
      for (int i : checkedItems(set)) {
        assertThat(set.label(i)).as("label(%d) equals labels()[%d]", i, i).isEqualTo(labels[i]);
      }
      int[] items = checkedItems(set);
      float[] pixels = set.loadFloats(items, false, null);
      assertThat(pixels).as("C·H·W floats per item").hasSize(items.length * set.itemLength());
      for (int p = 0; p < pixels.length; p++) {
        if (!Float.isFinite(pixels[p])) {
          throw new AssertionError(
              "item " + items[p / set.itemLength()] + " has a non-finite value " + pixels[p]);
        }
      }
    }
  }

  @Test
  void loadsAreRepeatableAndAugmentationFollowsTheSeed() throws IOException {
    RetrievalSplits s = open();
    for (ImageSet set : splits(s)) {
      int[] items = checkedItems(set);
      assertThat(set.loadFloats(items, false, null))
          .as("the evaluation transform gives the same floats twice")
          .containsExactly(set.loadFloats(items, false, null));
    }
    int[] train = checkedItems(s.train());
    assertThat(s.train().loadFloats(train, true, new SplittableRandom(7)))
        .as("the training augmentation with identically seeded generators")
        .containsExactly(s.train().loadFloats(train, true, new SplittableRandom(7)));
  }

  @Test
  void openingTwiceGivesTheSameSplits() throws IOException {
    RetrievalSplits a = open();
    RetrievalSplits b = dataset().open(fixture(fixtureRoot.resolve("again")));
    List<ImageSet> first = splits(a);
    List<ImageSet> second = splits(b);
    assertThat(second).hasSameSizeAs(first);
    for (int k = 0; k < first.size(); k++) {
      assertThat(second.get(k).labels()).containsExactly(first.get(k).labels());
      int[] items = checkedItems(first.get(k));
      assertThat(second.get(k).loadFloats(items, false, null))
          .containsExactly(first.get(k).loadFloats(items, false, null));
    }
  }

  @Test
  void someQueryHasASameLabelItemToFind() throws IOException {
    RetrievalSplits s = open();
    Map<Long, Integer> searched = new HashMap<>();
    ImageSet gallery = s.gallery() == null ? s.query() : s.gallery();
    for (long label : gallery.labels()) {
      searched.merge(label, 1, Integer::sum);
    }
    int needed = s.gallery() == null ? 2 : 1; // leave-one-out: the query itself does not count
    assertThat(
            Arrays.stream(s.query().labels()).anyMatch(l -> searched.getOrDefault(l, 0) >= needed))
        .as("some query's class has an item to find, else no metric is defined")
        .isTrue();
  }

  @Test
  void aMissingDirectoryIsADataErrorNamingIt() throws IOException {
    DataOptions options = fixture(fixtureRoot);
    Path missing = fixtureRoot.resolve("no-such-directory");
    assertThatThrownBy(() -> dataset().open(options.withDataDir(missing)))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(missing.toString());
  }
}

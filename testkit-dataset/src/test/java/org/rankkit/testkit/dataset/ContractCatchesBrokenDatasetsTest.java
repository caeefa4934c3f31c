package org.rankkit.testkit.dataset;

import static org.rankkit.testkit.ContractRuns.assertFails;
import static org.rankkit.testkit.ContractRuns.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.rankkit.api.RankKit;
import org.rankkit.data.DataOptions;
import org.rankkit.data.Dataset;
import org.rankkit.data.DelegatingImageSet;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;

/**
 * Proves that the dataset contract can fail: it runs through the JUnit Platform test kit against
 * the built-in {@code folder} dataset with one deliberate defect each, and the test aimed at that
 * defect must fail (while the unchanged dataset passes every test). A broken split is a {@link
 * DelegatingImageSet} that overrides what it breaks.
 */
class ContractCatchesBrokenDatasetsTest {

  /** The reference: the built-in folder dataset, with a hook that may break its splits. */
  static class Reference extends DatasetContract {
    @Override
    protected Dataset dataset() {
      Dataset folder = RankKit.registry().create(Dataset.KIND, "folder", Map.of());
      return options -> {
        RetrievalSplits s = folder.open(options);
        return new RetrievalSplits(
            s.name(), s.description(), breakTrain(s.train()), breakQuery(s.query()), s.gallery());
      };
    }

    ImageSet breakTrain(ImageSet train) {
      return train;
    }

    ImageSet breakQuery(ImageSet query) {
      return query;
    }

    @Override
    protected DataOptions fixture(Path root) throws IOException {
      return DataOptions.of("folder", DatasetFixtures.folderOfClasses(root))
          .withImageSize(16)
          .withSplitClasses(true);
    }
  }

  /** One pixel of every training item is NaN. */
  static class NotFinite extends Reference {
    @Override
    ImageSet breakTrain(ImageSet train) {
      return new DelegatingImageSet(train) {
        @Override
        public void loadInto(
            int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
          super.loadInto(index, augment, random, dest, offset);
          dest[offset] = Float.NaN;
        }
      };
    }
  }

  /** The augmentation draws from its own generator instead of the one it is given. */
  static class UnseededAugmentation extends Reference {
    @Override
    ImageSet breakTrain(ImageSet train) {
      Random own = new Random();
      return new DelegatingImageSet(train) {
        @Override
        public void loadInto(
            int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
          super.loadInto(index, augment, random, dest, offset);
          if (augment) {
            dest[offset] += own.nextFloat();
          }
        }
      };
    }
  }

  /** Each opening lists the training items from a different starting point. */
  static class OrderChangesOnEveryOpening extends Reference {
    private static final AtomicInteger OPENINGS = new AtomicInteger();

    @Override
    ImageSet breakTrain(ImageSet train) {
      int shift = OPENINGS.incrementAndGet();
      return new DelegatingImageSet(train) {
        @Override
        public long label(int index) {
          return super.label((index + shift) % size());
        }

        @Override
        public void loadInto(
            int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
          super.loadInto((index + shift) % size(), augment, random, dest, offset);
        }
      };
    }
  }

  /** Every query has a class of its own: nothing to find. */
  static class NoQueryHasAPartner extends Reference {
    @Override
    ImageSet breakQuery(ImageSet query) {
      return new DelegatingImageSet(query) {
        @Override
        public long label(int index) {
          return 1000L + index;
        }
      };
    }
  }

  /** A missing directory is reported without saying which. */
  static class VagueAboutMissingData extends Reference {
    @Override
    protected Dataset dataset() {
      Dataset opensFixtures = super.dataset();
      return options -> {
        if (!Files.exists(options.dataDir())) {
          throw new org.rankkit.data.DataException("the data is missing");
        }
        return opensFixtures.open(options);
      };
    }
  }

  @Test
  void theReferencePassesEveryTest() {
    run(Reference.class).assertStatistics(s -> s.started(6).succeeded(6));
  }

  @Test
  void aNonFiniteValueIsCaught() {
    assertFails(NotFinite.class, "everySplitHasOneShapeMatchingLabelsAndFiniteItems");
  }

  @Test
  void anAugmentationThatIgnoresTheSeedIsCaught() {
    assertFails(UnseededAugmentation.class, "loadsAreRepeatableAndAugmentationFollowsTheSeed");
  }

  @Test
  void anOrderThatChangesBetweenOpeningsIsCaught() {
    assertFails(OrderChangesOnEveryOpening.class, "openingTwiceGivesTheSameSplits");
  }

  @Test
  void queriesWithNothingToFindAreCaught() {
    assertFails(NoQueryHasAPartner.class, "someQueryHasASameLabelItemToFind");
  }

  @Test
  void aMissingDirectoryErrorThatDoesNotNameItIsCaught() {
    assertFails(VagueAboutMissingData.class, "aMissingDirectoryIsADataErrorNamingIt");
  }
}

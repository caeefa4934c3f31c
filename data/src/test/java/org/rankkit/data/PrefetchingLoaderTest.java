package org.rankkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefetchingLoaderTest {

  @TempDir Path dir;

  private static List<int[]> batches(int size, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<int[]> batches = new ArrayList<>();
    for (int b = 0; b < 9; b++) {
      int[] indices = new int[batch];
      for (int i = 0; i < batch; i++) {
        indices[i] = random.nextInt(size);
      }
      batches.add(indices);
    }
    return batches;
  }

  @Test
  void yieldsTheSameBatchesAsSequentialLoading() throws IOException {
    ImageSet set = Datasets.open(DataOptions.defaults().withDataDir(IdxFixtures.writeFashionMnist(dir, 40, 10))).train();
    List<int[]> batches = batches(set.size(), 6, 1);
    for (boolean augment : new boolean[] {true, false}) {
      for (int threads : new int[] {1, 3}) {
        try (PrefetchingLoader loader = new PrefetchingLoader(set, batches.iterator(), augment, 99, threads, 2)) {
          for (int b = 0; b < batches.size(); b++) {
            assertThat(loader.hasNext()).isTrue();
            Batch batch = loader.next();
            assertThat(batch.number()).isEqualTo(b);
            assertThat(batch.indices()).containsExactly(batches.get(b));
            float[] expected = set.loadFloats(batches.get(b), augment, PrefetchingLoader.batchRandom(99, b));
            assertThat(batch.data()).containsExactly(expected);
            for (int i = 0; i < batch.labels().length; i++) {
              assertThat(batch.labels()[i]).isEqualTo(set.label(batches.get(b)[i]));
            }
          }
          assertThat(loader.hasNext()).isFalse();
        }
      }
    }
  }

  @Test
  void batchesBecomeNdArraysOnTheConsumerThread() throws IOException {
    ImageSet set = Datasets.open(DataOptions.defaults().withDataDir(IdxFixtures.writeFashionMnist(dir, 20, 10))).train();
    try (PrefetchingLoader loader = new PrefetchingLoader(set, List.of(new int[] {1, 2, 3}).iterator(), true, 5, 2, 4);
        NDManager manager = NDManager.newBaseManager()) {
      Batch batch = loader.next();
      NDArray images = batch.images(manager);
      assertThat(images.getShape().getShape()).containsExactly(3, 1, 28, 28);
      assertThat(batch.labelArray(manager).toLongArray()).containsExactly(1, 2, 3);
    }
  }

  @Test
  void differentSeedsOrBatchNumbersGiveDifferentAugmentation() throws IOException {
    ImageSet set = Datasets.open(DataOptions.defaults().withDataDir(IdxFixtures.writeFashionMnist(dir, 20, 10))).train();
    int[] indices = {0, 1, 2, 3, 4, 5, 6, 7};
    float[] a = set.loadFloats(indices, true, PrefetchingLoader.batchRandom(1, 0));
    float[] b = set.loadFloats(indices, true, PrefetchingLoader.batchRandom(1, 1));
    float[] c = set.loadFloats(indices, true, PrefetchingLoader.batchRandom(2, 0));
    assertThat(a).isNotEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void aFailedLoadIsRethrownAndCloseStopsTheWorkers() throws IOException {
    ImageFixtures.image(dir.resolve("f/a/1.png"), 0);
    Path doomed = ImageFixtures.image(dir.resolve("f/a/2.png"), 0);
    ImageSet set = Datasets.open(DataOptions.of("folder", dir.resolve("f")).withImageSize(8)).train();
    Files.delete(doomed);
    List<int[]> batches = List.of(new int[] {0}, new int[] {1}, new int[] {0});
    PrefetchingLoader loader = new PrefetchingLoader(set, batches.iterator(), false, 0, 2, 3);
    assertThat(loader.next().indices()).containsExactly(0);
    assertThatThrownBy(loader::next)
        .isInstanceOf(BadImageException.class)
        .hasMessageContaining("2.png")
        .hasMessageContaining("file not found");
    assertThat(loader.hasNext()).as("closed after a failure").isFalse();
    loader.close();
    assertThat(workerThreadsAlive()).isZero();
  }

  @Test
  void closingEarlyCancelsPendingBatches() throws IOException {
    ImageSet set = Datasets.open(DataOptions.defaults().withDataDir(IdxFixtures.writeFashionMnist(dir, 40, 10))).train();
    PrefetchingLoader loader = new PrefetchingLoader(set, batches(set.size(), 8, 3).iterator(), true, 1, 2, 3);
    loader.next();
    loader.close();
    loader.close();
    assertThat(loader.hasNext()).isFalse();
    assertThat(workerThreadsAlive()).isZero();
    assertThatThrownBy(() -> new PrefetchingLoader(set, List.<int[]>of().iterator(), true, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Counts worker threads still alive, after giving terminated pools' threads a moment to exit. */
  private static long workerThreadsAlive() {
    List<Thread> workers = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("rankkit-data-"))
        .toList();
    for (Thread worker : workers) {
      try {
        worker.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return workers.stream().filter(Thread::isAlive).count();
  }
}

package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The conformance contract of a {@link SimilarityAugmentation}, as JUnit 5 tests: implement this
 * interface in a test class of your plugin and return your augmentation from {@link
 * #augmentation()}.
 *
 * <pre>{@code
 * class MyMixContractTest implements SimilarityAugmentationContract {
 *   public SimilarityAugmentation augmentation() { return new MyMix(new MyMixConfig(0.5)); }
 * }
 * }</pre>
 *
 * <p>Every test runs on the CPU in float64, on random unit embeddings from a fixed seed, with
 * labels of three or four items per class (so that an augmentation that mixes same-class items has
 * something to add):
 *
 * <ul>
 *   <li>{@link #realItemsComeFirstAndAreUnchanged()}: the extended batch starts with the real
 *       items, same labels, same query flags, and its real × real block of similarities equals the
 *       input's exactly; {@code realCount} is the input's size;
 *   <li>{@link #gradientsReachTheRealSimilarities()}: a loss over the virtual items alone has a
 *       non-zero gradient with respect to the real embeddings (virtual items are differentiable
 *       functions of the real similarities), and the gradient is finite;
 *   <li>{@link #aSeededGeneratorReproducesTheBatch()}: two generators with the same seed give
 *       identical extended batches;
 *   <li>{@link #batchesWithoutPairsStayValid()}: all-distinct labels and a single item give a valid
 *       batch whose real part is unchanged.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface SimilarityAugmentationContract {

  /**
   * Returns the augmentation under test (augmentations are immutable).
   *
   * @return the augmentation
   */
  SimilarityAugmentation augmentation();

  /** {@return the seed of the embeddings and of the augmentation's generator (default 1729)} */
  default long seed() {
    return 1729L;
  }

  /**
   * {@return whether the augmentation must add virtual items to a batch with same-class pairs
   * (default true; return false for an augmentation that may legitimately add none)}
   */
  default boolean addsVirtualItems() {
    return true;
  }

  /** Real items first, unchanged. */
  @Test
  default void realItemsComeFirstAndAreUnchanged() {
    long[] labels = {3, 3, 3, 8, 8, 8, 8, 1, 1, 1};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray embeddings = unitEmbeddings(manager, labels.length, 6, seed());
      SimilarityBatch real = SimilarityBatch.fromEmbeddings(embeddings, labels);
      SimilarityBatch extended = augmentation().apply(real, new SplittableRandom(seed()));
      int b = labels.length;
      assertThat(extended.realCount()).as("realCount").isEqualTo(b);
      assertThat(extended.size()).as("size").isGreaterThanOrEqualTo(b);
      if (addsVirtualItems()) {
        assertThat(extended.size()).as("virtual items added").isGreaterThan(b);
      }
      for (int i = 0; i < b; i++) {
        assertThat(extended.label(i)).as("label of real item %d", i).isEqualTo(labels[i]);
        assertThat(extended.isQuery(i))
            .as("query flag of real item %d", i)
            .isEqualTo(real.isQuery(i));
      }
      NDArray block = extended.similarities().get(new NDIndex("0:{}, 0:{}", b, b));
      assertThat(block.toDoubleArray())
          .as("real x real similarities")
          .containsExactly(real.similarities().toDoubleArray());
      assertThat(extended.similarities().getShape())
          .isEqualTo(new Shape(extended.size(), extended.size()));
    }
  }

  /** Virtual items carry gradient back to the real embeddings. */
  @Test
  default void gradientsReachTheRealSimilarities() {
    long[] labels = {0, 0, 0, 5, 5, 5, 2, 2, 2, 2};
    int b = labels.length;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray embeddings = unitEmbeddings(manager, b, 6, seed() + 1);
      embeddings.setRequiresGradient(true);
      double norm;
      int size;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        SimilarityBatch extended =
            augmentation()
                .apply(
                    SimilarityBatch.fromEmbeddings(embeddings, labels),
                    new SplittableRandom(seed()));
        size = extended.size();
        NDArray loss = EngineArrays.zeroLink(embeddings);
        if (size > b) {
          NDArray virtual = extended.similarities().get(new NDIndex("{}:, :", b));
          loss = loss.add(virtual.square().sum());
        }
        collector.backward(loss);
      }
      try (NDArray gradient = embeddings.getGradient()) {
        double[] g = gradient.toDoubleArray();
        norm = 0;
        for (double v : g) {
          assertThat(Double.isFinite(v)).as("finite gradient").isTrue();
          norm += v * v;
        }
      }
      if (size > b) {
        assertThat(norm).as("squared norm of dL/dE from the virtual rows").isPositive();
      }
    }
  }

  /** The same seed gives the same extended batch. */
  @Test
  default void aSeededGeneratorReproducesTheBatch() {
    long[] labels = {4, 4, 4, 4, 7, 7, 7, 9, 9, 9};
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray embeddings = unitEmbeddings(manager, labels.length, 5, seed() + 2);
      SimilarityBatch real = SimilarityBatch.fromEmbeddings(embeddings, labels);
      SimilarityBatch first = augmentation().apply(real, new SplittableRandom(seed()));
      SimilarityBatch second = augmentation().apply(real, new SplittableRandom(seed()));
      assertThat(second.labels()).containsExactly(first.labels());
      assertThat(second.size()).isEqualTo(first.size());
      for (int i = 0; i < first.size(); i++) {
        assertThat(second.isQuery(i)).isEqualTo(first.isQuery(i));
      }
      assertThat(second.similarities().toDoubleArray())
          .containsExactly(first.similarities().toDoubleArray());
    }
  }

  /** Nothing to mix: the batch stays valid and its real part unchanged. */
  @Test
  default void batchesWithoutPairsStayValid() {
    for (long[] labels : new long[][] {{0, 1, 2, 3, 4}, {6}}) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray embeddings = unitEmbeddings(manager, labels.length, 4, seed() + 3);
        SimilarityBatch real = SimilarityBatch.fromEmbeddings(embeddings, labels);
        SimilarityBatch extended = augmentation().apply(real, new SplittableRandom(seed()));
        int b = labels.length;
        assertThat(extended.realCount()).isEqualTo(b);
        NDArray block = extended.similarities().get(new NDIndex("0:{}, 0:{}", b, b));
        assertThat(block.toDoubleArray()).containsExactly(real.similarities().toDoubleArray());
        for (double v : extended.similarities().toDoubleArray()) {
          assertThat(Double.isFinite(v)).as("finite similarity").isTrue();
        }
      }
    }
  }

  private static NDArray unitEmbeddings(NDManager manager, int b, int d, long seed) {
    double[][] e = ArrayBatches.unitEmbeddings(b, d, new Random(seed));
    double[] flat = new double[b * d];
    for (int i = 0; i < b; i++) {
      System.arraycopy(e[i], 0, flat, i * d, d);
    }
    try (NDArray borrowed = manager.create(flat, new Shape(b, d))) {
      return EngineArrays.owned(borrowed);
    }
  }
}

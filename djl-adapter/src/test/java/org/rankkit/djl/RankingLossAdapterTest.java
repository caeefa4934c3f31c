package org.rankkit.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rankkit.api.loss.SimilarityBatch;

class RankingLossAdapterTest {

  private static final long[] LABELS = {3, 7, 3, 1, 7, 9};

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  private static double[][] randomEmbeddings(int b, int d, long seed) {
    Random r = new Random(seed);
    double[][] e = new double[b][d];
    for (double[] row : e) {
      for (int j = 0; j < d; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return e;
  }

  private NDArray array(double[][] e) {
    double[] flat = new double[e.length * e[0].length];
    for (int i = 0; i < e.length; i++) {
      System.arraycopy(e[i], 0, flat, i * e[0].length, e[0].length);
    }
    return manager.create(flat, new Shape(e.length, e[0].length));
  }

  @Test
  void lossAndGradientMatchTheRankingLossOnEEt() {
    double[][] e = randomEmbeddings(LABELS.length, 5, 1);
    // Expected, in plain Java: L = Σ W ∘ (E Eᵀ), dL/dE = (W + Wᵀ) E.
    double[][] s = new double[e.length][e.length];
    for (int i = 0; i < e.length; i++) {
      for (int j = 0; j < e.length; j++) {
        for (int k = 0; k < e[0].length; k++) {
          s[i][j] += e[i][k] * e[j][k];
        }
      }
    }
    double[][] w;
    try (NDManager tmp = manager.newSubManager()) {
      w = TestLosses.weights(SimilarityBatch.of(tmp.zeros(new Shape(6, 6)), LABELS));
    }
    double expected = 0;
    for (int i = 0; i < e.length; i++) {
      for (int j = 0; j < e.length; j++) {
        expected += w[i][j] * s[i][j];
      }
    }
    RankingLossAdapter adapter = RankingLossAdapter.of(TestLosses.GAP_LOSS);
    NDArray embeddings = array(e);
    embeddings.setRequiresGradient(true);
    NDArray labels = manager.create(LABELS);
    double value;
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDArray loss = adapter.evaluate(new NDList(labels), new NDList(embeddings));
      assertThat(loss.getShape().isScalar()).isTrue();
      assertThat(loss.getManager()).isSameAs(manager);
      value = loss.getDouble();
      collector.backward(loss);
    }
    assertThat(value).isCloseTo(expected, within(1e-12));
    try (NDArray grad = embeddings.getGradient()) {
      double[] g = grad.toDoubleArray();
      for (int i = 0; i < e.length; i++) {
        for (int k = 0; k < e[0].length; k++) {
          double want = 0;
          for (int j = 0; j < e.length; j++) {
            want += (w[i][j] + w[j][i]) * e[j][k];
          }
          assertThat(g[i * e[0].length + k])
              .as("dL/dE[%d][%d]", i, k)
              .isCloseTo(want, within(1e-12));
        }
      }
    }
  }

  @Test
  void closesEveryIntermediateArray() {
    RankingLossAdapter adapter =
        RankingLossAdapter.builder(TestLosses.GAP_LOSS)
            .augmentation(TestLosses.DUPLICATE_ONE)
            .build();
    NDArray embeddings = array(randomEmbeddings(6, 4, 2)).toType(DataType.FLOAT32, false);
    embeddings.setRequiresGradient(true);
    NDList labels = new NDList(manager.create(LABELS));
    int before = manager.getManagedArrays().size();
    NDArray loss = adapter.evaluate(labels, new NDList(embeddings));
    assertThat(manager.getManagedArrays()).hasSize(before + 1).contains(loss);
    assertThat(embeddings.getManager()).isSameAs(manager);
    assertThat(loss.getDataType()).isEqualTo(DataType.FLOAT32);
  }

  @Test
  void acceptsClassIdsOfAnyNumericTypeAndColumnShape() {
    NDArray embeddings = array(randomEmbeddings(6, 3, 3));
    RankingLossAdapter adapter = RankingLossAdapter.of(TestLosses.GAP_LOSS);
    double asLong =
        adapter.evaluate(new NDList(manager.create(LABELS)), new NDList(embeddings)).getDouble();
    float[] asFloat = new float[LABELS.length];
    int[] asInt = new int[LABELS.length];
    for (int i = 0; i < LABELS.length; i++) {
      asFloat[i] = LABELS[i];
      asInt[i] = (int) LABELS[i];
    }
    NDArray column = manager.create(asFloat, new Shape(LABELS.length, 1));
    assertThat(adapter.evaluate(new NDList(column), new NDList(embeddings)).getDouble())
        .isEqualTo(asLong);
    assertThat(
            adapter.evaluate(new NDList(manager.create(asInt)), new NDList(embeddings)).getDouble())
        .isEqualTo(asLong);
    assertThat(asLong).isNotZero();
  }

  @Test
  void rejectsMismatchedOrFractionalLabelsAndNonMatrixPredictions() {
    NDArray embeddings = array(randomEmbeddings(6, 3, 4));
    RankingLossAdapter adapter = RankingLossAdapter.of(TestLosses.GAP_LOSS);
    assertThatThrownBy(
            () ->
                adapter.evaluate(
                    new NDList(manager.create(new long[] {1, 2, 3})), new NDList(embeddings)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one class id per embedding row")
        .hasMessageContaining("(6)");
    assertThatThrownBy(
            () ->
                adapter.evaluate(
                    new NDList(manager.create(new float[] {1, 2, 2.5f, 1, 1, 1})),
                    new NDList(embeddings)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole-numbered")
        .hasMessageContaining("index 2");
    assertThatThrownBy(
            () ->
                adapter.evaluate(
                    new NDList(manager.create(LABELS)),
                    new NDList(manager.zeros(new Shape(6, 2, 2)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("B x d");
  }

  @Test
  void noValidQueryGivesZeroLossZeroGradientAndIsRecorded() {
    RankingLossAdapter adapter = RankingLossAdapter.of(TestLosses.GAP_LOSS);
    NDArray embeddings = array(randomEmbeddings(4, 3, 5));
    embeddings.setRequiresGradient(true);
    try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
      NDArray loss =
          adapter.evaluate(
              new NDList(manager.create(new long[] {0, 1, 2, 3})), new NDList(embeddings));
      assertThat(loss.getDouble()).isZero();
      collector.backward(loss);
    }
    try (NDArray grad = embeddings.getGradient()) {
      assertThat(grad.toDoubleArray()).containsOnly(0.0);
    }
  }

  @Test
  void validityIsJudgedAfterAugmentationAndTheSeedReproducesIt() {
    long[] distinct = {0, 1, 2, 3, 4};
    NDArray embeddings = array(randomEmbeddings(5, 3, 6));
    embeddings.setRequiresGradient(true);
    RankingLossAdapter plain = RankingLossAdapter.of(TestLosses.GAP_LOSS);
    plain.evaluate(new NDList(manager.create(distinct)), new NDList(embeddings));
    assertThat(
            plain
                .evaluate(new NDList(manager.create(distinct)), new NDList(embeddings))
                .getDouble())
        .as("no positive without augmentation")
        .isZero();

    double[] first = new double[5];
    double[] second = new double[5];
    for (double[] out : new double[][] {first, second}) {
      RankingLossAdapter mixed =
          RankingLossAdapter.builder(TestLosses.GAP_LOSS)
              .augmentation(TestLosses.DUPLICATE_ONE)
              .seed(11)
              .name("gap")
              .build();
      for (int i = 0; i < out.length; i++) {
        out[i] =
            mixed
                .evaluate(new NDList(manager.create(distinct)), new NDList(embeddings))
                .getDouble();
      }
      assertThat(mixed.getName()).isEqualTo("gap");
    }
    assertThat(second).containsExactly(first);
    assertThat(first).doesNotContain(0.0);
    assertThat(java.util.Arrays.stream(first).distinct().count())
        .as("different draws")
        .isGreaterThan(1);
  }

  @Test
  void builderRejectsBlankNames() {
    assertThatThrownBy(() -> RankingLossAdapter.builder(TestLosses.GAP_LOSS).name(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-blank");
  }
}

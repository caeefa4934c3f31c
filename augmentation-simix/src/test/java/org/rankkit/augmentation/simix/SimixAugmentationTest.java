package org.rankkit.augmentation.simix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;

class SimixAugmentationTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  private static double[] randomEmbeddings(int b, int d, long seed) {
    Random r = new Random(seed);
    double[] e = new double[b * d];
    for (int i = 0; i < e.length; i++) {
      e[i] = r.nextGaussian();
    }
    return e;
  }

  /** The batch {@code E·Eᵀ} of random {@code labels.length × d} embeddings, owned by {@code m}. */
  private static SimilarityBatch randomBatch(NDManager m, long[] labels, int d, long seed) {
    int b = labels.length;
    return SimilarityBatch.fromEmbeddings(
        m.create(randomEmbeddings(b, d, seed), new Shape(b, d)), labels);
  }

  /** Dense reference (tests only): A = [I; M], S' = A S Aᵀ. */
  private static NDArray dense(NDArray s, List<MixTriple> triples) {
    int n = (int) s.getShape().get(0);
    int t = triples.size();
    double[] a = new double[(n + t) * n];
    for (int i = 0; i < n; i++) {
      a[i * n + i] = 1;
    }
    for (int k = 0; k < t; k++) {
      MixTriple m = triples.get(k);
      a[(n + k) * n + m.i()] += m.alpha();
      a[(n + k) * n + m.j()] += 1 - m.alpha();
    }
    NDArray am = s.getManager().create(a, new Shape(n + t, n)).toType(s.getDataType(), false);
    return am.matMul(s).matMul(am.transpose());
  }

  private static void assertAllClose(double[] actual, double[] expected, double tol) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("entry %d", i).isCloseTo(expected[i], within(tol));
    }
  }

  @Test
  void equalsTheDenseProductForExplicitAndSampledTriples() {
    long[] labels = {3, 1, 3, 1, 3, 7, 1, 3, 9};
    try (NDManager m = NDManager.newBaseManager()) {
      SimilarityBatch batch = randomBatch(m, labels, 5, 1);
      List<List<MixTriple>> cases = new ArrayList<>();
      cases.add(
          List.of(new MixTriple(0, 2, 0.25), new MixTriple(6, 1, 1.0), new MixTriple(3, 1, 0.0)));
      cases.add(PairSampler.sample(labels, labels.length, 0, new SplittableRandom(5)));
      cases.add(PairSampler.sample(labels, labels.length, 2, new SplittableRandom(6)));
      for (List<MixTriple> triples : cases) {
        SimilarityBatch out = SimixAugmentation.apply(batch, triples, true);
        assertThat(out.similarities().getShape())
            .isEqualTo(new Shape(labels.length + triples.size(), labels.length + triples.size()));
        assertAllClose(
            out.similarities().toDoubleArray(),
            dense(batch.similarities(), triples).toDoubleArray(),
            1e-12);
        // the real block is untouched
        assertAllClose(
            out.similarities().get("0:9, 0:9").toDoubleArray(),
            batch.similarities().toDoubleArray(),
            0);
      }
    }
  }

  @Test
  void labelsQueryMaskAndRealCount() {
    long[] labels = {4, 4, 2, 2, 2};
    try (NDManager m = NDManager.newBaseManager()) {
      SimilarityBatch batch = randomBatch(m, labels, 3, 2);
      List<MixTriple> triples = List.of(new MixTriple(1, 0, 0.5), new MixTriple(4, 2, 0.3));
      for (boolean vq : new boolean[] {true, false}) {
        SimilarityBatch out = SimixAugmentation.apply(batch, triples, vq);
        assertThat(out.labels()).containsExactly(4, 4, 2, 2, 2, 4, 2);
        assertThat(out.queryMask()).containsExactly(true, true, true, true, true, vq, vq);
        assertThat(out.realCount()).isEqualTo(5);
        assertThat(out.embeddings()).isSameAs(batch.embeddings());
      }
      assertThat(SimixAugmentation.apply(batch, List.of(), true)).isSameAs(batch);
    }
  }

  @Test
  void gradientsFlowToTheEmbeddingsAsThroughTheDenseProduct() {
    long[] labels = {0, 0, 1, 1, 1, 2};
    int b = labels.length;
    int d = 4;
    double[] emb = randomEmbeddings(b, d, 3);
    List<MixTriple> triples =
        List.of(new MixTriple(0, 1, 0.7), new MixTriple(2, 4, 0.2), new MixTriple(3, 2, 0.9));
    int n = b + triples.size();
    double[] weights = randomEmbeddings(n, n, 4);
    double[][] grads = new double[2][];
    for (int variant = 0; variant < 2; variant++) {
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray e = m.create(emb, new Shape(b, d));
        e.setRequiresGradient(true);
        NDArray w = m.create(weights, new Shape(n, n));
        try (GradientCollector gc = m.getEngine().newGradientCollector()) {
          SimilarityBatch batch = SimilarityBatch.fromEmbeddings(e, labels);
          NDArray extended =
              variant == 0
                  ? SimixAugmentation.apply(batch, triples, true).similarities()
                  : dense(batch.similarities(), triples);
          gc.backward(extended.mul(w).sum());
        }
        grads[variant] = e.getGradient().toDoubleArray();
      }
    }
    assertAllClose(grads[0], grads[1], 1e-10);
    // item 5 (label 2, not mixed) still gets gradient through its real row/column; mixed items
    // get more than the real block alone would give, so the virtual part contributes
    assertThat(java.util.Arrays.stream(grads[0]).map(Math::abs).sum()).isGreaterThan(0);
  }

  @Test
  void float32WorksAndKeepsTheDataType() {
    long[] labels = {0, 0, 1, 1};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray e =
          m.create(randomEmbeddings(4, 3, 5), new Shape(4, 3)).toType(DataType.FLOAT32, false);
      SimilarityBatch batch = SimilarityBatch.fromEmbeddings(e, labels);
      List<MixTriple> triples = List.of(new MixTriple(0, 1, 0.4), new MixTriple(2, 3, 0.6));
      SimilarityBatch out = SimixAugmentation.apply(batch, triples, true);
      assertThat(out.similarities().getDataType()).isEqualTo(DataType.FLOAT32);
      NDArray expected = dense(batch.similarities().toType(DataType.FLOAT64, false), triples);
      assertAllClose(
          out.similarities().toType(DataType.FLOAT64, false).toDoubleArray(),
          expected.toDoubleArray(),
          1e-5);
    }
  }

  @Test
  void closesItsIntermediates() {
    long[] labels = {0, 0, 1, 1, 0};
    try (NDManager m = NDManager.newBaseManager()) {
      SimilarityBatch batch = randomBatch(m, labels, 3, 6);
      SimixAugmentation simix = new SimixAugmentation(SimixConfig.defaults());
      simix.apply(batch, new SplittableRandom(1)); // warm-up
      int before = m.getManagedArrays().size();
      SimilarityBatch out = simix.apply(batch, new SplittableRandom(1));
      assertThat(m.getManagedArrays()).hasSize(before + 1).contains(out.similarities());
    }
  }

  @Test
  void samplesEverySameLabelPairOnceWithAlphaInTheUnitInterval() {
    long[] labels = {5, 2, 5, 5, 9, 2, 5, 7, 7};
    List<MixTriple> triples = PairSampler.sample(labels, labels.length, 0, new SplittableRandom(1));
    // class 5: 4 items -> 6 pairs; class 2: 1 pair; class 7: 1 pair; class 9: none
    assertThat(triples).hasSize(8);
    Set<List<Integer>> pairs = new HashSet<>();
    for (MixTriple t : triples) {
      assertThat(labels[t.i()]).isEqualTo(labels[t.j()]);
      assertThat(t.i()).isLessThan(t.j());
      assertThat(t.alpha()).isBetween(0.0, 1.0);
      pairs.add(List.of(t.i(), t.j()));
    }
    assertThat(pairs).hasSize(8);
    // only real items are mixed
    assertThat(PairSampler.sample(labels, 4, 0, new SplittableRandom(1)))
        .extracting(MixTriple::i, MixTriple::j)
        .containsExactlyInAnyOrder(
            org.assertj.core.api.Assertions.tuple(0, 2),
            org.assertj.core.api.Assertions.tuple(0, 3),
            org.assertj.core.api.Assertions.tuple(2, 3));
    // singletons only: nothing to mix
    assertThat(PairSampler.sample(new long[] {1, 2, 3}, 3, 0, new SplittableRandom(1))).isEmpty();
  }

  @Test
  void capLimitsPairsPerClassToADistinctRandomSubset() {
    long[] labels = new long[30];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i < 20 ? 1 : 2; // 190 pairs and 45 pairs
    }
    List<MixTriple> triples = PairSampler.sample(labels, 30, 7, new SplittableRandom(2));
    assertThat(triples).hasSize(14);
    assertThat(triples.stream().filter(t -> labels[t.i()] == 1)).hasSize(7);
    assertThat(triples.stream().map(t -> List.of(t.i(), t.j())).distinct()).hasSize(14);
    for (MixTriple t : triples) {
      assertThat(labels[t.i()]).isEqualTo(labels[t.j()]);
      assertThat(t.i()).isLessThan(t.j());
    }
    // a cap above the number of pairs changes nothing
    assertThat(PairSampler.sample(labels, 30, 1000, new SplittableRandom(2))).hasSize(235);
    // over many seeds, the cap picks different pairs (it is a random subset, not the first ones)
    Set<List<Integer>> seen = new HashSet<>();
    for (int seed = 0; seed < 20; seed++) {
      for (MixTriple t : PairSampler.sample(labels, 30, 7, new SplittableRandom(seed))) {
        seen.add(List.of(t.i(), t.j()));
      }
    }
    assertThat(seen.size()).isGreaterThan(60);
  }

  @Test
  void samplingIsReproducibleFromTheSeed() {
    long[] labels = {0, 0, 0, 1, 1, 1, 1};
    List<MixTriple> a = PairSampler.sample(labels, 7, 3, new SplittableRandom(11));
    List<MixTriple> b = PairSampler.sample(labels, 7, 3, new SplittableRandom(11));
    List<MixTriple> c = PairSampler.sample(labels, 7, 3, new SplittableRandom(12));
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void explicitTriplesFromTheConfigAreUsed() {
    long[] labels = {0, 0, 1, 1};
    SimixConfig config =
        new SimixConfig(false, 0, List.of(List.of(1.0, 0.0, 0.25), List.of(2.0, 3.0, 1.0)));
    try (NDManager m = NDManager.newBaseManager()) {
      SimilarityBatch batch = randomBatch(m, labels, 2, 7);
      SimilarityBatch out = new SimixAugmentation(config).apply(batch, new SplittableRandom(0));
      assertAllClose(
          out.similarities().toDoubleArray(),
          dense(batch.similarities(), config.mixTriples()).toDoubleArray(),
          1e-12);
      assertThat(out.queryMask()).containsExactly(true, true, true, true, false, false);
    }
  }

  @Test
  void invalidConfigurationsAreRejected() {
    assertThatThrownBy(() -> new SimixConfig(true, -1, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPairsPerClass must be >= 0");
    assertThatThrownBy(() -> new SimixConfig(true, 0, List.of(List.of(0.0, 1.0))))
        .hasMessageContaining("must be a triple");
    assertThatThrownBy(() -> new SimixConfig(true, 0, List.of(List.of(0.5, 1.0, 0.5))))
        .hasMessageContaining("integers");
    assertThatThrownBy(() -> new SimixConfig(true, 0, List.of(List.of(2.0, 2.0, 0.5))))
        .hasMessageContaining("i != j");
    assertThatThrownBy(() -> new SimixConfig(true, 0, List.of(List.of(0.0, 1.0, 1.5))))
        .hasMessageContaining("alpha must be in [0, 1]");
    assertThatThrownBy(() -> new SimixConfig(true, 0, List.of(List.of(-1.0, 1.0, 0.5))))
        .hasMessageContaining(">= 0");
  }

  @Test
  void triplesOutOfRangeOrAcrossLabelsAreRejected() {
    long[] labels = {0, 0, 1};
    try (NDManager m = NDManager.newBaseManager()) {
      SimilarityBatch batch = randomBatch(m, labels, 2, 8);
      assertThatThrownBy(
              () -> SimixAugmentation.apply(batch, List.of(new MixTriple(0, 3, 0.5)), true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("[0, 2]");
      assertThatThrownBy(
              () -> SimixAugmentation.apply(batch, List.of(new MixTriple(0, 2, 0.5)), true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("same label");
    }
  }

  @Test
  void isDiscoveredAsAPluginWithDefaults() {
    PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader());
    assertThat(registry.ids(PluginKind.AUGMENTATION)).contains("simix");
    assertThat(registry.factory(PluginKind.AUGMENTATION, "simix").defaults())
        .containsEntry("virtualQueries", true)
        .containsEntry("maxPairsPerClass", 0)
        .containsEntry("triples", List.of());
    SimilarityAugmentation simix =
        registry.create(
            PluginKind.AUGMENTATION,
            "simix",
            Map.of("virtualQueries", "false", "triples", List.of(List.of(0, 1, 0.5))));
    assertThat(((SimixAugmentation) simix).config().virtualQueries()).isFalse();
    assertThat(((SimixAugmentation) simix).config().mixTriples())
        .containsExactly(new MixTriple(0, 1, 0.5));
    assertThatThrownBy(
            () -> registry.create(PluginKind.AUGMENTATION, "simix", Map.of("maxPairsPerClass", -2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxPairsPerClass");
  }
}

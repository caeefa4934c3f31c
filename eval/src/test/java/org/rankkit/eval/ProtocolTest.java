package org.rankkit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.Nmi;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;

/** Hand-computed cases: queries without relevant items, ties, NMI, the JSON shape, bad input. */
class ProtocolTest {

  @RegisterExtension static final ManagerPerClass MANAGER = new ManagerPerClass();

  private static EvalConfig config(List<Integer> ks, RetrievalMetric... metrics) {
    return EvalConfig.defaults().withKs(ks).withMetrics(List.of(metrics));
  }

  @Test
  void queriesWithoutRelevantItemsCountOnlyInRecall() {
    // similarities: s01 = .6, s02 = .8, s03 = 0, s12 = .96, s13 = .8, s23 = .6
    double[][] x = {{1, 0}, {0.6, 0.8}, {0.8, 0.6}, {0, 1}};
    long[] y = {0, 0, 1, 2};
    for (RetrievalMetric[] metrics :
        new RetrievalMetric[][] {
          {RecallAtK.INSTANCE, RPrecision.INSTANCE, MapAtR.INSTANCE, MeanAveragePrecision.INSTANCE},
          {RecallAtK.INSTANCE, RPrecision.INSTANCE, MapAtR.INSTANCE}
        }) {
      EvaluationResult r =
          new RetrievalEvaluator()
              .leaveOneOut(MANAGER.get().create(x), y, config(List.of(1, 2, 3), metrics));
      // query 0: ranking 2, 1, 3 (positive at rank 2); query 1: 2, 3, 0 (rank 3); 2 and 3: no
      // positives
      assertThat(r.recallAt(1)).isEqualTo(0.0);
      assertThat(r.recallAt(2)).isEqualTo(0.25);
      assertThat(r.recallAt(3)).isEqualTo(0.5);
      assertThat(r.metric("r_precision")).isEqualTo(0.0);
      assertThat(r.metric("map_at_r")).isEqualTo(0.0);
      if (r.metrics().containsKey("map")) {
        assertThat(r.metric("map")).isCloseTo((1.0 / 2 + 1.0 / 3) / 2, within(1e-15));
      }
      assertThat(r.queries()).isEqualTo(4);
      assertThat(r.validQueries()).isEqualTo(2);
    }
  }

  @Test
  void recallAloneNeedsOnlyTheTopK() {
    // every query has R = 3 > k = 1 positives; only recall is computed
    double[][] x = {{1, 0}, {0.9, 0.1}, {0.8, 0.2}, {0.7, 0.3}, {0, 1}, {0.1, 0.9}};
    EvaluationResult r =
        new RetrievalEvaluator()
            .leaveOneOut(
                MANAGER.get().create(x),
                new long[] {0, 0, 0, 0, 1, 1},
                config(List.of(1), RecallAtK.INSTANCE));
    assertThat(r.metrics()).containsOnlyKeys("recall@1");
    assertThat(r.recallAt(1)).isEqualTo(1.0);
    assertThat(r.validQueries()).isEqualTo(6);
  }

  @Test
  void noValidQueryGivesZeros() {
    double[][] x = {{1, 0}, {0.6, 0.8}, {0, 1}};
    EvaluationResult r =
        new RetrievalEvaluator()
            .leaveOneOut(
                MANAGER.get().create(x),
                new long[] {1, 2, 3},
                EvalConfig.defaults().withKs(List.of(1, 2)));
    assertThat(r.metrics())
        .containsExactly(
            Map.entry("recall@1", 0.0),
            Map.entry("recall@2", 0.0),
            Map.entry("r_precision", 0.0),
            Map.entry("map_at_r", 0.0),
            Map.entry("map", 0.0));
    assertThat(r.validQueries()).isZero();
  }

  @Test
  void tiesGoToTheLowerGalleryIndex() {
    double[][] x = {{1, 0}, {0.6, 0.8}, {0.6, 0.8}};
    RetrievalEvaluator evaluator = new RetrievalEvaluator();
    EvalConfig config = config(List.of(1), RecallAtK.INSTANCE, MeanAveragePrecision.INSTANCE);
    // query 0: items 1 and 2 tie; with labels 0, 1, 0 the negative 1 comes first (a miss), with
    // 0, 0, 1 the positive 1 does (a hit); query 1 and 2 are each other's nearest item
    assertThat(
            evaluator
                .leaveOneOut(MANAGER.get().create(x), new long[] {0, 1, 0}, config)
                .recallAt(1))
        .isEqualTo(0.0);
    assertThat(
            evaluator
                .leaveOneOut(MANAGER.get().create(x), new long[] {0, 0, 1}, config)
                .recallAt(1))
        .isCloseTo(1.0 / 3, within(1e-15));
    // the same query ({1, 0}, label 0) against the tied items 1 and 2 as a gallery
    java.util.function.Function<long[], EvaluationResult> tiedGallery =
        galleryLabels ->
            evaluator.queryGallery(
                MANAGER.get().create(new double[][] {{1, 0}}),
                new long[] {0},
                MANAGER.get().create(x).get("1:"),
                galleryLabels,
                config);
    EvaluationResult qg = tiedGallery.apply(new long[] {1, 0});
    assertThat(qg.recallAt(1)).isEqualTo(0.0);
    assertThat(qg.metric("map")).isEqualTo(0.5);
    EvaluationResult swapped = tiedGallery.apply(new long[] {0, 1});
    assertThat(swapped.recallAt(1)).isEqualTo(1.0);
    assertThat(swapped.metric("map")).isEqualTo(1.0);
  }

  @Test
  void jsonHasExactlyTheDocumentedKeys() {
    double[][] x = {{1, 0}, {0.6, 0.8}, {0.8, 0.6}, {0, 1}};
    EvaluationResult r =
        new RetrievalEvaluator()
            .leaveOneOut(
                MANAGER.get().create(x),
                new long[] {0, 0, 1, 1},
                EvalConfig.defaults().withKs(List.of(2, 1)));
    assertThat(r.toJson().keySet())
        .containsExactly(
            "recall@1",
            "recall@2",
            "r_precision",
            "map_at_r",
            "map",
            "queries",
            "validQueries",
            "queriesWithoutPositive",
            "seconds");
    EvaluationResult withNmi =
        new RetrievalEvaluator()
            .leaveOneOut(
                MANAGER.get().create(x),
                new long[] {0, 0, 1, 1},
                config(List.of(1), RecallAtK.INSTANCE, Nmi.INSTANCE));
    assertThat(withNmi.toJson().keySet())
        .containsExactly(
            "recall@1", "nmi", "queries", "validQueries", "queriesWithoutPositive", "seconds");
    assertThat(withNmi.toJson().get("queries")).isEqualTo(4);
  }

  @Test
  void nmiOfSeparatedClustersIsOneAndSeeded() {
    java.util.Random random = new java.util.Random(3);
    int n = 90;
    double[][] x = new double[n][4];
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      x[i][(int) y[i]] = 10;
      for (int c = 0; c < 4; c++) {
        x[i][c] += random.nextGaussian() * 0.1;
      }
    }
    EvalConfig config = config(List.of(1), Nmi.INSTANCE).withNmiSeed(42);
    NDArray a = MANAGER.get().create(x);
    double nmi = new RetrievalEvaluator().leaveOneOut(a, y, config).metric("nmi");
    assertThat(nmi).isCloseTo(1.0, within(1e-12));
    // a random labelling against the same clusters: far from 1, and the same for the same seed
    long[] shuffled = y.clone();
    java.util.Collections.shuffle(
        java.util.Arrays.asList(java.util.Arrays.stream(shuffled).boxed().toArray()), random);
    for (int i = 0; i < n; i++) {
      shuffled[i] = random.nextInt(3);
    }
    double r1 = new RetrievalEvaluator().leaveOneOut(a, shuffled, config).metric("nmi");
    double r2 = new RetrievalEvaluator().leaveOneOut(a, shuffled, config).metric("nmi");
    assertThat(r1).isLessThan(0.3).isEqualTo(r2);
  }

  @Test
  void inputArraysStayOpenAndUnchanged() {
    NDArray x = MANAGER.get().create(new float[][] {{3, 4}, {0, 2}, {1, 1}});
    new RetrievalEvaluator()
        .leaveOneOut(x, new long[] {0, 0, 1}, EvalConfig.defaults().withKs(List.of(1)));
    assertThat(x.toFloatArray()).containsExactly(3, 4, 0, 2, 1, 1);
  }

  @Test
  void badInputIsRejectedWithTheRowOrValue() {
    RetrievalEvaluator e = new RetrievalEvaluator();
    EvalConfig k1 = EvalConfig.defaults().withKs(List.of(1));
    assertThatThrownBy(
            () ->
                e.leaveOneOut(
                    MANAGER.get().create(new double[][] {{1, 0}, {0, 1}, {Double.NaN, 1}}),
                    new long[] {0, 1, 1},
                    k1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 2")
        .hasMessageContaining("NaN");
    assertThatThrownBy(
            () ->
                e.leaveOneOut(
                    MANAGER.get().create(new double[][] {{1, 0}, {0, 0}, {1, 1}}),
                    new long[] {0, 1, 1},
                    k1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining("zero vector");
    assertThatThrownBy(
            () ->
                e.leaveOneOut(
                    MANAGER.get().create(new double[][] {{1, 0}, {0, 1}}),
                    new long[] {0, 1, 1},
                    k1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2 rows but 3 labels");
    assertThatThrownBy(
            () ->
                e.leaveOneOut(
                    MANAGER.get().create(new double[][] {{1, 0}, {0, 1}, {1, 1}}),
                    new long[] {0, 1, 1},
                    EvalConfig.defaults().withKs(List.of(1, 3))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k=3")
        .hasMessageContaining("2 items");
    assertThatThrownBy(
            () ->
                e.queryGallery(
                    MANAGER.get().create(new double[][] {{1, 0, 0}}),
                    new long[] {0},
                    MANAGER.get().create(new double[][] {{1, 0}}),
                    new long[] {0},
                    k1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 columns")
        .hasMessageContaining("2");
    assertThatThrownBy(
            () -> e.leaveOneOut(MANAGER.get().create(new double[][] {{1, 0}}), new long[] {0}, k1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2 items");
  }

  @Test
  void configIsValidated() {
    assertThatThrownBy(() -> EvalConfig.defaults().withKs(List.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(">= 1");
    assertThatThrownBy(() -> EvalConfig.defaults().withKs(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EvalConfig.defaults().withMetrics(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recall");
    assertThatThrownBy(() -> EvalConfig.defaults().withChunks(0, 5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("queryChunk");
    assertThatThrownBy(
            () -> EvalConfig.defaults().withMetrics(List.of(MapAtR.INSTANCE, MapAtR.INSTANCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'map_at_r' is asked for twice");
    assertThat(EvalConfig.defaults().withKs(List.of(8, 1, 8)).ks()).containsExactly(1, 8);
  }
}

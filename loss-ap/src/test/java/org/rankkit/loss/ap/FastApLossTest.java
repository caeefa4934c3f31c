package org.rankkit.loss.ap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.testkit.ArrayBatches;

/** FastAP against the brute-force reference, edge cases, bad parameters. */
class FastApLossTest {

  static {
    DjlDefaults.applyOffline();
  }

  private static final PluginRegistry REGISTRY = PluginRegistry.of(List.of(new ApLossPlugin()));

  private static final String[] IMPLS = {"fused-cpu", "engine"};

  @ParameterizedTest(name = "n={0} classes={1} unit={2} bins={3}")
  @CsvSource({"23,5,true,10", "30,12,false,4", "17,1,true,1", "40,25,true,25", "35,3,false,10"})
  void matchesReference(int n, int classes, boolean unit, int bins) {
    double[][] s = ArrayBatches.similarities(n, 8, unit, n * 13L + classes);
    long[] y = ArrayBatches.labels(n, classes, n + 3L * classes);
    boolean[] q = ArrayBatches.allQueries(n);
    LossAndGradient want = SpecReference.fastAp(s, y, q, bins);
    for (String impl : IMPLS) {
      FastApLoss loss = new FastApLoss(new FastApConfig(bins, impl));
      ArrayBatches.assertMatchesInBothPrecisions(impl, loss, s, y, q, n, want, 1e-3);
    }
  }

  @Test
  void virtualRowsThatAreNotQueriesStayGalleryItems() {
    int n = 24;
    double[][] s = ArrayBatches.similarities(n, 6, true, 15);
    long[] y = ArrayBatches.labels(n, 4, 19);
    boolean[] q = ArrayBatches.allQueries(n);
    Arrays.fill(q, 18, n, false);
    LossAndGradient want = SpecReference.fastAp(s, y, q, 10);
    for (String impl : IMPLS) {
      LossAndGradient got =
          ArrayBatches.run(
              new FastApLoss(new FastApConfig(10, impl)), s, y, q, 18, DataType.FLOAT64);
      ArrayBatches.assertClose("loss and dL/dS", got, want, 1e-12, 1e-12);
      for (int r = 18; r < n; r++) {
        assertThat(got.gradient()[r]).containsOnly(0.0);
      }
    }
  }

  @Test
  void referenceGradientAgreesWithFiniteDifferences() {
    int n = 12;
    double[][] s = ArrayBatches.similarities(n, 5, true, 8);
    long[] y = ArrayBatches.labels(n, 3, 5);
    boolean[] q = ArrayBatches.allQueries(n);
    LossAndGradient r = SpecReference.fastAp(s, y, q, 6);
    double h = 1e-7;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double keep = s[i][j];
        s[i][j] = keep + h;
        double up = SpecReference.fastAp(s, y, q, 6).loss();
        s[i][j] = keep - h;
        double down = SpecReference.fastAp(s, y, q, 6).loss();
        s[i][j] = keep;
        assertThat(r.gradient()[i][j])
            .as("dL/dS[%d][%d]", i, j)
            .isCloseTo((up - down) / (2 * h), Offset.offset(1e-6));
      }
    }
  }

  @Test
  void emptyBinsAndDistancesOutsideTheRangeGiveNoNaN() {
    // unnormalised vectors: d = 2 − 2s far outside [0, 4], so some queries have H_l = 0 for all l
    int n = 10;
    double[][] s = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s[i][j] =
            (i % 3 == 0) ? -5.0 - j : 0.3 * ((i * 7 + j * 3) % 5) - 0.4817; // off the bin centres
      }
    }
    long[] y = {1, 1, 2, 2, 1, 2, 1, 2, 3, 3};
    boolean[] q = ArrayBatches.allQueries(n);
    for (String impl : IMPLS)
      for (DataType t : new DataType[] {DataType.FLOAT64, DataType.FLOAT32}) {
        LossAndGradient got =
            ArrayBatches.run(new FastApLoss(new FastApConfig(10, impl)), s, y, q, n, t);
        LossAndGradient want = SpecReference.fastAp(s, y, q, 10);
        assertThat(got.loss()).isFinite().isCloseTo(want.loss(), Offset.offset(1e-5));
        assertThat(Arrays.stream(got.gradient()).flatMapToDouble(Arrays::stream))
            .allMatch(Double::isFinite);
        assertThat(ArrayBatches.maxAbsDiff(got.gradient(), want.gradient())).isLessThan(1e-5);
      }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"FLOAT32", "FLOAT64"})
  void noValidQueryGivesExactlyZero(DataType dtype) {
    int n = 5;
    double[][] s = ArrayBatches.similarities(n, 4, true, 1);
    for (String impl : IMPLS) {
      LossAndGradient r =
          ArrayBatches.run(
              new FastApLoss(new FastApConfig(10, impl)),
              s,
              new long[] {4, 3, 2, 1, 0},
              ArrayBatches.allQueries(n),
              n,
              dtype);
      assertThat(r.loss()).isEqualTo(0.0);
      assertThat(Arrays.stream(r.gradient()).flatMapToDouble(Arrays::stream)).containsOnly(0.0);
    }
  }

  @Test
  void badParametersAreRejectedClearly() {
    assertThatThrownBy(() -> REGISTRY.create(PluginKind.LOSS, "fast-ap", Map.of("numBins", 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("numBins must be an integer in [1, ");
    assertThatThrownBy(() -> new FastApConfig(-3)).hasMessageContaining("got -3");
    assertThatThrownBy(() -> REGISTRY.create(PluginKind.LOSS, "fast-ap", Map.of("bins", 3)))
        .hasMessageContaining("unknown parameter 'bins'")
        .hasMessageContaining("numBins, implementation");
    assertThatThrownBy(
            () -> REGISTRY.create(PluginKind.LOSS, "fast-ap", Map.of("implementation", "cuda")))
        .hasMessageContaining("implementation must be one of [auto, fused-cpu, engine]");
    assertThat(new FastApLoss(FastApConfig.defaults()).implementationFor(ai.djl.Device.cpu()))
        .isEqualTo("fused-cpu");
    assertThat(new FastApLoss(FastApConfig.defaults()).implementationFor(ai.djl.Device.gpu()))
        .isEqualTo("engine");
    FastApLoss l = (FastApLoss) REGISTRY.create(PluginKind.LOSS, "fast-ap", Map.of("numBins", 25));
    assertThat(l.config().numBins()).isEqualTo(25);
  }
}

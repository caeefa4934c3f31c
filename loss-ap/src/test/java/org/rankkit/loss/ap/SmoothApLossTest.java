package org.rankkit.loss.ap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.testkit.ArrayBatches;

/** Smooth-AP against the brute-force reference, chunking invariance, edge cases, bad parameters. */
class SmoothApLossTest {

  static {
    DjlDefaults.applyOffline();
  }

  private static final PluginRegistry REGISTRY = PluginRegistry.of(List.of(new ApLossPlugin()));

  private static final String[] IMPLS = {"fused-cpu", "engine"};

  private static SmoothApLoss loss(double tau, int chunk, String impl) {
    return new SmoothApLoss(
        new SmoothApConfig(tau, chunk, SmoothApConfig.DEFAULT_MEMORY_BUDGET_BYTES, impl));
  }

  private static SmoothApLoss loss(double tau, int chunk) {
    return loss(tau, chunk, "auto");
  }

  @ParameterizedTest(name = "n={0} classes={1} unit={2} tau={3}")
  @CsvSource({"23,5,true,0.01", "30,12,false,0.05", "17,1,true,0.1", "40,25,true,0.01"})
  void matchesReferenceInFloat64(int n, int classes, boolean unit, double tau) {
    double[][] s = ArrayBatches.similarities(n, 8, unit, n * 31L + classes);
    long[] y = ArrayBatches.labels(n, classes, n + 7L * classes);
    boolean[] q = ArrayBatches.allQueries(n);
    LossAndGradient want = SpecReference.smoothAp(s, y, q, tau);
    for (String impl : IMPLS) {
      ArrayBatches.assertMatchesInBothPrecisions(impl, loss(tau, 0, impl), s, y, q, n, want, 1e-3);
    }
  }

  /**
   * The fused kernel factors exp((s_x − s_z)/τ) when a row's range over τ is at most 1400 (factors
   * up to e^±700) and uses one exponential per pair beyond: both sides of the switch match the
   * reference.
   */
  @ParameterizedTest(name = "scale={0}")
  @CsvSource({"6.5", "7.5", "30"})
  void largeSimilarityRangesMatchTheReference(double scale) {
    int n = 25;
    double[][] s = ArrayBatches.similarities(n, 6, true, 61);
    for (double[] row : s) {
      for (int j = 0; j < n; j++) {
        row[j] *= scale; // row range up to 2·scale, over τ = 0.01: 1300 .. 6000
      }
    }
    long[] y = ArrayBatches.labels(n, 4, 62);
    boolean[] q = ArrayBatches.allQueries(n);
    LossAndGradient want = SpecReference.smoothAp(s, y, q, 0.01);
    LossAndGradient got =
        ArrayBatches.run(loss(0.01, 0, "fused-cpu"), s, y, q, n, DataType.FLOAT64);
    ArrayBatches.assertClose("loss and dL/dS", got, want, 1e-12, 1e-10);
  }

  @Test
  void virtualRowsThatAreNotQueriesStayGalleryItems() {
    int n = 26;
    double[][] s = ArrayBatches.similarities(n, 6, true, 5);
    long[] y = ArrayBatches.labels(n, 4, 9);
    boolean[] q = ArrayBatches.allQueries(n);
    Arrays.fill(q, 20, n, false); // items 20.. are virtual, gallery only
    LossAndGradient want = SpecReference.smoothAp(s, y, q, 0.01);
    LossAndGradient engine =
        ArrayBatches.run(loss(0.01, 3, "engine"), s, y, q, 20, DataType.FLOAT64);
    assertThat(ArrayBatches.maxAbsDiff(engine.gradient(), want.gradient())).isLessThan(1e-12);
    LossAndGradient got =
        ArrayBatches.run(loss(0.01, 3, "fused-cpu"), s, y, q, 20, DataType.FLOAT64);
    ArrayBatches.assertClose("loss and dL/dS", got, want, 1e-12, 1e-12);
    for (int r = 20; r < n; r++) {
      assertThat(got.gradient()[r]).containsOnly(0.0);
    }
    assertThat(
            Arrays.stream(got.gradient())
                .skip(0)
                .limit(20)
                .flatMapToDouble(Arrays::stream)
                .map(Math::abs)
                .sum())
        .isGreaterThan(0);
  }

  @Test
  void referenceGradientAgreesWithFiniteDifferences() {
    int n = 12;
    double[][] s = ArrayBatches.similarities(n, 5, true, 3);
    long[] y = ArrayBatches.labels(n, 3, 4);
    boolean[] q = ArrayBatches.allQueries(n);
    double tau = 0.1;
    LossAndGradient r = SpecReference.smoothAp(s, y, q, tau);
    double h = 1e-6;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double keep = s[i][j];
        s[i][j] = keep + h;
        double up = SpecReference.smoothAp(s, y, q, tau).loss();
        s[i][j] = keep - h;
        double down = SpecReference.smoothAp(s, y, q, tau).loss();
        s[i][j] = keep;
        assertThat(r.gradient()[i][j])
            .as("dL/dS[%d][%d]", i, j)
            .isCloseTo((up - down) / (2 * h), org.assertj.core.data.Offset.offset(1e-7));
      }
    }
  }

  @Test
  void chunkSizesOneSevenAndWholeBatchAgree() {
    int n = 45;
    double[][] s = ArrayBatches.similarities(n, 8, true, 77);
    long[] y = ArrayBatches.labels(n, 6, 78); // unequal class sizes: padding differs per chunk
    y[3] = 999; // a singleton: not a valid query
    boolean[] q = ArrayBatches.allQueries(n);
    LossAndGradient whole = ArrayBatches.run(loss(0.01, n, "engine"), s, y, q, n, DataType.FLOAT64);
    for (String impl : IMPLS) {
      for (int chunk : new int[] {1, 7, n}) {
        LossAndGradient r = ArrayBatches.run(loss(0.01, chunk, impl), s, y, q, n, DataType.FLOAT64);
        assertThat(Math.abs(r.loss() - whole.loss()))
            .as("%s chunk %d loss", impl, chunk)
            .isLessThan(1e-10);
        assertThat(ArrayBatches.maxAbsDiff(r.gradient(), whole.gradient()))
            .as("%s chunk %d grad", impl, chunk)
            .isLessThan(1e-10);
      }
      // a 1-byte budget forces one query per chunk
      SmoothApLoss tiny = new SmoothApLoss(new SmoothApConfig(0.01, 0, 1, impl));
      assertThat(tiny.chunkSize(n, 10, 8, 40)).isEqualTo(1);
      assertThat(tiny.fusedChunkSize(n, 40)).isEqualTo(1);
      LossAndGradient r = ArrayBatches.run(tiny, s, y, q, n, DataType.FLOAT64);
      assertThat(ArrayBatches.maxAbsDiff(r.gradient(), whole.gradient())).isLessThan(1e-10);
    }
  }

  @Test
  void chunkSizeFollowsTheMemoryBudget() {
    SmoothApLoss l = new SmoothApLoss(new SmoothApConfig(0.01, 0, 1L << 30));
    // 4 temporaries × 3 positives × 10,000 items × 4 bytes = 480,000 bytes per query
    assertThat(l.chunkSize(10_000, 3, 4, 10_000)).isEqualTo((int) ((1L << 30) / 480_000));
    assertThat(l.chunkSize(100, 3, 4, 17)).isEqualTo(17);
    assertThat(loss(0.01, 5).chunkSize(100, 3, 4, 17)).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"FLOAT32", "FLOAT64"})
  void noValidQueryGivesExactlyZero(DataType dtype) {
    int n = 6;
    double[][] s = ArrayBatches.similarities(n, 4, true, 1);
    long[] singletons = {5, 4, 3, 2, 1, 0};
    for (String impl : IMPLS) {
      LossAndGradient r =
          ArrayBatches.run(
              loss(0.01, 0, impl), s, singletons, ArrayBatches.allQueries(n), n, dtype);
      assertThat(r.loss()).isEqualTo(0.0);
      assertThat(Arrays.stream(r.gradient()).flatMapToDouble(Arrays::stream)).containsOnly(0.0);
    }
    // a class of two whose only members are not queries: still no valid query
    long[] y = {1, 1, 2, 3, 4, 5};
    boolean[] q = {false, false, true, true, true, true};
    LossAndGradient r2 = ArrayBatches.run(loss(0.01, 0), s, y, q, n, dtype);
    assertThat(r2.loss()).isEqualTo(0.0);
    assertThat(Arrays.stream(r2.gradient()).flatMapToDouble(Arrays::stream)).containsOnly(0.0);
  }

  @Test
  void oneClassGivesZeroLossWhenEveryItemIsPositive() {
    int n = 9;
    double[][] s = ArrayBatches.similarities(n, 4, true, 2);
    long[] y = new long[n];
    LossAndGradient r =
        ArrayBatches.run(loss(0.01, 2), s, y, ArrayBatches.allQueries(n), n, DataType.FLOAT64);
    assertThat(r.loss()).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-15));
    assertThat(ArrayBatches.maxAbsDiff(r.gradient(), new double[n][n])).isLessThan(1e-15);
  }

  @Test
  void nonFiniteSimilaritiesAreRejected() {
    int n = 5;
    double[][] s = ArrayBatches.similarities(n, 4, true, 1);
    s[2][3] = Double.NaN;
    long[] y = {1, 1, 2, 2, 3};
    for (String impl : IMPLS) {
      assertThatThrownBy(
              () ->
                  ArrayBatches.run(
                      loss(0.01, 0, impl), s, y, ArrayBatches.allQueries(n), n, DataType.FLOAT32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NaN or infinite");
    }
    s[2][3] = Double.POSITIVE_INFINITY;
    assertThatThrownBy(
            () ->
                ArrayBatches.run(
                    new FastApLoss(FastApConfig.defaults()),
                    s,
                    y,
                    ArrayBatches.allQueries(n),
                    n,
                    DataType.FLOAT64))
        .hasMessageContaining("NaN or infinite");
  }

  @Test
  void implementationFollowsTheDevice() {
    assertThat(loss(0.01, 0).implementationFor(ai.djl.Device.cpu())).isEqualTo("fused-cpu");
    assertThat(loss(0.01, 0).implementationFor(ai.djl.Device.gpu())).isEqualTo("engine");
    assertThat(loss(0.01, 0, "engine").implementationFor(ai.djl.Device.cpu())).isEqualTo("engine");
    assertThatThrownBy(
            () -> REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("implementation", "gpu")))
        .hasMessageContaining("implementation must be one of [auto, fused-cpu, engine]");
  }

  @Test
  void badParametersAreRejectedClearly() {
    assertThatThrownBy(() -> REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("tau", -0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tau must be a finite number > 0");
    assertThatThrownBy(() -> new SmoothApConfig(0, 0, 1))
        .hasMessageContaining("tau must be a finite number > 0");
    assertThatThrownBy(() -> new SmoothApConfig(Double.NaN, 0, 1)).hasMessageContaining("tau");
    assertThatThrownBy(() -> new SmoothApConfig(Double.POSITIVE_INFINITY, 0, 1))
        .hasMessageContaining("tau");
    assertThatThrownBy(
            () -> REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("queryChunk", -1)))
        .hasMessageContaining("queryChunk must be 0");
    assertThatThrownBy(
            () -> REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("memoryBudgetBytes", 0)))
        .hasMessageContaining("memoryBudgetBytes must be >= 1");
    assertThatThrownBy(() -> REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("temp", 1)))
        .hasMessageContaining("unknown parameter 'temp'")
        .hasMessageContaining("tau, queryChunk, memoryBudgetBytes, implementation");
  }

  @Test
  void registryCreatesTheConfiguredLoss() {
    SmoothApLoss l =
        (SmoothApLoss) REGISTRY.create(PluginKind.LOSS, "smooth-ap", Map.of("tau", "0.05"));
    assertThat(l.config()).isEqualTo(new SmoothApConfig(0.05, 0, 256L << 20, "auto"));
    assertThat(PluginRegistry.discover().ids(PluginKind.LOSS)).contains("smooth-ap", "fast-ap");
  }
}

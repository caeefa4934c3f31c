package org.rankkit.loss.contrastive;

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
import org.junit.jupiter.params.provider.ValueSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.testkit.ArrayBatches;

/** The contrastive loss against the brute-force reference, edge cases, bad parameters. */
class ContrastiveLossTest {

  static {
    DjlDefaults.applyOffline();
  }

  private static final PluginRegistry REGISTRY =
      PluginRegistry.of(List.of(new ContrastiveLossPlugin()));

  /** The default (fused-cpu on the CPU) and the engine implementation. */
  private static final String[] IMPLS = {"auto", "engine"};

  @ParameterizedTest(name = "n={0} classes={1} unit={2} margins={3},{4}")
  @CsvSource({
    "23,5,true,1.0,0.5",
    "30,12,false,0.8,0.2",
    "17,1,true,1.0,0.5",
    "40,25,true,0.3,-0.1"
  })
  void matchesReference(int n, int classes, boolean unit, double pm, double nm) {
    double[][] s = ArrayBatches.similarities(n, 8, unit, n * 11L + classes);
    long[] y = ArrayBatches.labels(n, classes, n + 5L * classes);
    boolean[] q = ArrayBatches.allQueries(n);
    for (String impl : IMPLS) {
      ContrastiveLoss loss = new ContrastiveLoss(new ContrastiveConfig(pm, nm, impl));
      LossAndGradient want = ContrastiveReference.loss(s, y, q, pm, nm);
      ArrayBatches.assertMatchesInBothPrecisions(impl, loss, s, y, q, n, want, 1e-6);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"auto", "engine"})
  void chunksOfRowsGiveTheSameResult(String impl) {
    int n = 37;
    double[][] s = ArrayBatches.similarities(n, 6, true, 31);
    long[] y = ArrayBatches.labels(n, 5, 32);
    boolean[] q = ArrayBatches.allQueries(n);
    q[4] = false;
    LossAndGradient want = ContrastiveReference.loss(s, y, q, 1.0, 0.5);
    for (long budget : new long[] {1, 8L * 37 * 8 * 5, Long.MAX_VALUE}) {
      ContrastiveLoss loss = new ContrastiveLoss(new ContrastiveConfig(1.0, 0.5, impl), budget);
      assertThat(loss.rowsPerChunk(n, DataType.FLOAT64))
          .isEqualTo(budget == 1 ? 1 : budget == Long.MAX_VALUE ? n : 5);
      LossAndGradient got = ArrayBatches.run(loss, s, y, q, n, DataType.FLOAT64);
      ArrayBatches.assertClose("loss and dL/dS", got, want, 1e-12, 1e-12);
    }
  }

  @Test
  void implementationFollowsTheDevice() {
    ContrastiveLoss auto = new ContrastiveLoss(ContrastiveConfig.defaults());
    assertThat(auto.implementationFor(ai.djl.Device.cpu())).isEqualTo("fused-cpu");
    assertThat(auto.implementationFor(ai.djl.Device.gpu())).isEqualTo("engine");
    assertThatThrownBy(() -> new ContrastiveConfig(1, 0.5, "gpu"))
        .hasMessageContaining("implementation must be one of [auto, fused-cpu, engine]");
    assertThat(ContrastiveLoss.builder().implementation("engine").build().config())
        .isEqualTo(new ContrastiveConfig(1.0, 0.5, "engine"));
  }

  @Test
  void onlyQueryRowsCount() {
    int n = 20;
    double[][] s = ArrayBatches.similarities(n, 6, true, 21);
    long[] y = ArrayBatches.labels(n, 4, 22);
    boolean[] q = ArrayBatches.allQueries(n);
    Arrays.fill(q, 15, n, false);
    LossAndGradient want = ContrastiveReference.loss(s, y, q, 1.0, 0.5);
    for (String impl : IMPLS) {
      ContrastiveLoss loss = new ContrastiveLoss(new ContrastiveConfig(1.0, 0.5, impl));
      LossAndGradient got = ArrayBatches.run(loss, s, y, q, 15, DataType.FLOAT64);
      ArrayBatches.assertClose(impl, got, want, 1e-12, 1e-12);
      for (int r = 15; r < n; r++) {
        assertThat(got.gradient()[r]).containsOnly(0.0);
      }
    }
    LossAndGradient all = ContrastiveReference.loss(s, y, ArrayBatches.allQueries(n), 1.0, 0.5);
    assertThat(all.loss()).isNotCloseTo(want.loss(), Offset.offset(1e-9));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"FLOAT32", "FLOAT64"})
  void noActiveTermGivesExactlyZero(DataType dtype) {
    // singletons whose similarities are all below the negative margin: no term is > 0
    int n = 4;
    double[][] s = new double[n][n];
    for (double[] row : s) {
      Arrays.fill(row, 0.1);
    }
    for (String impl : IMPLS) {
      LossAndGradient r =
          ArrayBatches.run(
              new ContrastiveLoss(new ContrastiveConfig(1.0, 0.5, impl)),
              s,
              new long[] {3, 2, 1, 0},
              ArrayBatches.allQueries(n),
              n,
              dtype);
      assertThat(r.loss()).as(impl).isEqualTo(0.0);
      assertThat(Arrays.stream(r.gradient()).flatMapToDouble(Arrays::stream)).containsOnly(0.0);
    }
  }

  @Test
  void nonFiniteSimilaritiesAreRejected() {
    double[][] s = {{1, 0.2, Double.NaN}, {0.2, 1, 0.1}, {0.3, 0.1, 1}};
    for (String impl : IMPLS) {
      assertThatThrownBy(
              () ->
                  ArrayBatches.run(
                      new ContrastiveLoss(new ContrastiveConfig(1, 0.5, impl)),
                      s,
                      new long[] {1, 1, 2},
                      ArrayBatches.allQueries(3),
                      3,
                      DataType.FLOAT32))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("NaN or infinite");
    }
  }

  @Test
  void badParametersAreRejectedClearly() {
    assertThatThrownBy(
            () -> REGISTRY.create(PluginKind.LOSS, "contrastive", Map.of("posMargin", "NaN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("posMargin must be a finite number");
    assertThatThrownBy(() -> new ContrastiveConfig(1, Double.NEGATIVE_INFINITY))
        .hasMessageContaining("negMargin must be a finite number");
    assertThatThrownBy(() -> REGISTRY.create(PluginKind.LOSS, "contrastive", Map.of("margin", 1)))
        .hasMessageContaining("unknown parameter 'margin'")
        .hasMessageContaining("posMargin, negMargin");
    ContrastiveLoss l =
        (ContrastiveLoss)
            REGISTRY.create(
                PluginKind.LOSS, "contrastive", Map.of("posMargin", 0.8, "negMargin", 0.2));
    assertThat(l.config()).isEqualTo(new ContrastiveConfig(0.8, 0.2));
    assertThat(PluginRegistry.discover().ids(PluginKind.LOSS)).contains("contrastive");
  }
}

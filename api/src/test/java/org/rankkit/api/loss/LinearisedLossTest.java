package org.rankkit.api.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rankkit.api.DjlDefaults;

class LinearisedLossTest {

  private static final int N = 5;

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  enum Precision {
    FLOAT32(DataType.FLOAT32, 1e-6),
    FLOAT64(DataType.FLOAT64, 1e-12);

    final DataType type;
    final double tolerance;

    Precision(DataType type, double tolerance) {
      this.type = type;
      this.tolerance = tolerance;
    }
  }

  /** Runs {@code loss(S)} under autograd; returns {value, dL/dS row-major}. */
  private static double[][] valueAndGradient(
      NDManager manager, DataType type, Function<NDArray, NDArray> loss) {
    NDArray s = manager.randomUniform(-1f, 1f, new Shape(N, N)).toType(type, false);
    s.setRequiresGradient(true);
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      NDArray out = loss.apply(s);
      assertThat(out.getShape()).isEqualTo(new Shape());
      assertThat(out.getDataType()).isEqualTo(type);
      collector.backward(out);
      double value = out.toType(DataType.FLOAT64, false).getDouble();
      try (NDArray g = s.getGradient()) {
        return new double[][] {{value}, g.toType(DataType.FLOAT64, false).toDoubleArray()};
      }
    }
  }

  private static double[] gradient() {
    double[] g = new double[N * N];
    for (int i = 0; i < g.length; i++) {
      g[i] = (i % 7) * 0.25 - 0.5;
    }
    return g;
  }

  private static NDArray engineArray(NDManager manager, double[] values, Shape shape, DataType t) {
    return EngineArrays.owned(manager.create(values, shape).toType(t, false));
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void fullGradientHasTheGivenValueAndGradient(Precision p) {
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] g = gradient();
      double[][] r =
          valueAndGradient(
              manager,
              p.type,
              s -> LinearisedLoss.of(s, engineArray(manager, g, new Shape(N, N), p.type), 0.375));
      assertThat(r[0][0]).isCloseTo(0.375, within(p.tolerance));
      for (int i = 0; i < g.length; i++) {
        assertThat(r[1][i]).as("dL/dS[%d]", i).isCloseTo(g[i], within(p.tolerance));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void rowGradientCoversItsRowsOnly(Precision p) {
    int[] rows = {3, 1};
    double[] g = new double[rows.length * N];
    for (int i = 0; i < g.length; i++) {
      g[i] = i + 1;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      double[][] r =
          valueAndGradient(
              manager,
              p.type,
              s ->
                  LinearisedLoss.ofRows(
                      s, rows, engineArray(manager, g, new Shape(rows.length, N), p.type), -2.5));
      assertThat(r[0][0]).isCloseTo(-2.5, within(p.tolerance));
      for (int row = 0; row < N; row++) {
        for (int col = 0; col < N; col++) {
          double expected = row == 3 ? g[col] : row == 1 ? g[N + col] : 0;
          assertThat(r[1][row * N + col])
              .as("dL/dS[%d,%d]", row, col)
              .isCloseTo(expected, within(p.tolerance));
        }
      }
    }
  }

  @Test
  void everyRowInOrderIsTheFullForm() {
    int[] rows = {0, 1, 2, 3, 4};
    try (NDManager manager = NDManager.newBaseManager()) {
      double[] g = gradient();
      double[][] r =
          valueAndGradient(
              manager,
              DataType.FLOAT32,
              s ->
                  LinearisedLoss.ofRows(
                      s, rows, engineArray(manager, g, new Shape(N, N), DataType.FLOAT32), 1));
      assertThat(r[0][0]).isEqualTo(1.0);
      for (int i = 0; i < g.length; i++) {
        assertThat(r[1][i]).isCloseTo(g[i], within(1e-6));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Precision.class)
  void constantAndNoRowsGiveExactZeroGradients(Precision p) {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (Function<NDArray, NDArray> loss :
          List.<Function<NDArray, NDArray>>of(
              s -> LinearisedLoss.constant(s, 0.25),
              s -> LinearisedLoss.ofRows(s, new int[0], null, 0.25))) {
        double[][] r = valueAndGradient(manager, p.type, loss);
        assertThat(r[0][0]).isCloseTo(0.25, within(p.tolerance));
        assertThat(r[1]).containsOnly(0.0);
      }
    }
  }

  @Test
  void rejectsMismatchedShapesTypesAndRows() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray s = manager.zeros(new Shape(N, N));
      assertThatThrownBy(() -> LinearisedLoss.of(s, manager.zeros(new Shape(N, N - 1)), 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("(5, 4)")
          .hasMessageContaining("(5, 5)");
      assertThatThrownBy(
              () -> LinearisedLoss.of(s, manager.zeros(new Shape(N, N), DataType.FLOAT64), 0))
          .hasMessageContaining("same data type");
      assertThatThrownBy(
              () -> LinearisedLoss.ofRows(s, new int[] {1, 2}, manager.zeros(new Shape(1, N)), 0))
          .hasMessageContaining("2 rows of 5 similarities need (2, 5)");
      assertThatThrownBy(
              () -> LinearisedLoss.ofRows(s, new int[] {5}, manager.zeros(new Shape(1, N)), 0))
          .hasMessageContaining("row 5 is outside [0, 5)");
      assertThatThrownBy(() -> LinearisedLoss.of(s, null, 0)).hasMessageContaining("null");
    }
  }
}

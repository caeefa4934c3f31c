package org.rankkit.api.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.FusedRowDriver.Split;

/**
 * The driver against a brute-force loop: a toy kernel ({@code ℓ_q = log Σ_{z≠q} e^{s_qz} − mean of
 * s_qx over q's positives}) run through it gives the loop's loss and {@code dL/dS} for every split,
 * thread count, data type and row set; the splits agree bit for bit; bad input is rejected.
 */
class FusedRowDriverTest {

  private static final int N = 23;

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  /** The toy kernel; its workspace holds the row's exponentials. */
  record SoftmaxPositives(LabelStructure labels) implements RowKernel<double[]> {
    @Override
    public double[] workspace() {
      return new double[labels.gallerySize()];
    }

    @Override
    public double row(int q, double[] s, double[] gradient, double[] exp) {
      int n = s.length;
      double max = Double.NEGATIVE_INFINITY;
      for (int z = 0; z < n; z++) {
        if (z != q) {
          max = Math.max(max, s[z]);
        }
      }
      double total = 0;
      for (int z = 0; z < n; z++) {
        exp[z] = z == q ? 0 : Math.exp(s[z] - max);
        total += exp[z];
      }
      int[] positives = labels.positives(q);
      double mean = 0;
      for (int x : positives) {
        mean += s[x] / positives.length;
        gradient[x] -= 1.0 / positives.length;
      }
      for (int z = 0; z < n; z++) {
        gradient[z] += exp[z] / total;
      }
      return Math.log(total) + max - mean;
    }
  }

  /** The same loss as plain loops over the whole matrix. */
  static LossAndGradient bruteForce(double[][] s, LabelStructure labels, int[] rows, boolean mean) {
    int n = s.length;
    double[][] g = new double[n][n];
    double loss = 0;
    double weight = mean && rows.length > 0 ? 1.0 / rows.length : 1.0;
    for (int q : rows) {
      double total = 0;
      for (int z = 0; z < n; z++) {
        total += z == q ? 0 : Math.exp(s[q][z]);
      }
      int[] positives = labels.positives(q);
      double term = Math.log(total);
      for (int x : positives) {
        term -= s[q][x] / positives.length;
        g[q][x] -= weight / positives.length;
      }
      for (int z = 0; z < n; z++) {
        g[q][z] += z == q ? 0 : weight * Math.exp(s[q][z]) / total;
      }
      loss += weight * term;
    }
    return new LossAndGradient(loss, g);
  }

  static double[][] similarities(int n, long seed) {
    Random r = new Random(seed);
    double[][] s = new double[n][n];
    for (double[] row : s) {
      for (int z = 0; z < n; z++) {
        row[z] = r.nextGaussian();
      }
    }
    return s;
  }

  static long[] labels(int n) {
    long[] y = new long[n];
    for (int i = 0; i < n; i++) {
      y[i] = 10 + (i * 7) % 5;
    }
    y[3] = 99; // a singleton: not a valid query
    return y;
  }

  /** Runs {@code loss} on {@code S} as the autograd leaf; returns the value and dL/dS. */
  static LossAndGradient run(
      double[][] s,
      long[] y,
      boolean[] queries,
      DataType dtype,
      Function<SimilarityBatch, NDArray> loss) {
    int n = s.length;
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s[i], 0, flat, i * n, n);
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray sim = EngineArrays.owned(manager.create(flat, new Shape(n, n)).toType(dtype, false));
      return LossAndGradient.compute(
          sim,
          leaf -> {
            NDArray l = loss.apply(new SimilarityBatch(leaf, y, queries, n, null));
            assertThat(l.getShape()).isEqualTo(new Shape());
            assertThat(l.getDataType()).isEqualTo(dtype);
            return l;
          });
    }
  }

  static void assertClose(LossAndGradient got, LossAndGradient want, double tolerance) {
    assertThat(got.loss()).isCloseTo(want.loss(), within(tolerance));
    for (int i = 0; i < want.gradient().length; i++) {
      for (int j = 0; j < want.gradient()[i].length; j++) {
        assertThat(got.gradient()[i][j])
            .as("dL/dS[%d][%d]", i, j)
            .isCloseTo(want.gradient()[i][j], within(tolerance));
      }
    }
  }

  static void assertIdentical(LossAndGradient got, LossAndGradient want) {
    assertThat(got.loss()).isEqualTo(want.loss());
    for (int i = 0; i < want.gradient().length; i++) {
      assertThat(got.gradient()[i]).as("row %d", i).isEqualTo(want.gradient()[i]);
    }
  }

  private static LossAndGradient mean(
      double[][] s, long[] y, boolean[] queries, DataType dtype, Split split) {
    LabelStructure labels = LabelStructure.of(y, queries);
    return run(
        s,
        y,
        queries,
        dtype,
        b ->
            FusedRowDriver.mean(
                b, labels.validQueries(), new SoftmaxPositives(labels), split, "toy"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"float64", "float32"})
  void meanEqualsTheLoopForEverySplit(String type) {
    DataType dtype = DataType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
    double tolerance = dtype == DataType.FLOAT64 ? 1e-12 : 1e-5;
    double[][] s = similarities(N, 1);
    long[] y = labels(N);
    boolean[] queries = new boolean[N];
    Arrays.fill(queries, true);
    queries[5] = false; // not a query: neither term nor gradient
    LabelStructure labels = LabelStructure.of(y, queries);
    assertThat(labels.validCount()).isEqualTo(N - 2);
    LossAndGradient want = bruteForce(s, labels, labels.validQueries(), true);
    LossAndGradient whole = mean(s, y, queries, dtype, Split.AUTO);
    assertClose(whole, want, tolerance);
    for (Split split :
        new Split[] {
          Split.chunksOf(1),
          Split.chunksOf(7),
          Split.chunksOf(N),
          Split.tasksOf(1),
          Split.tasksOf(7),
          new Split(7, 3),
          new Split(1, 1)
        }) {
      assertIdentical(mean(s, y, queries, dtype, split), whole);
    }
    assertThat(whole.gradient()[3]).containsOnly(0.0);
    assertThat(whole.gradient()[5]).containsOnly(0.0);
  }

  @Test
  void sumEqualsTheLoopOnEveryQueryRow() {
    double[][] s = similarities(N, 2);
    long[] y = new long[N]; // one class: every row is valid
    boolean[] queries = new boolean[N];
    Arrays.fill(queries, true);
    LabelStructure labels = LabelStructure.of(y, queries);
    int[] rows = labels.validQueries();
    LossAndGradient got =
        run(
            s,
            y,
            queries,
            DataType.FLOAT64,
            b -> FusedRowDriver.sum(b, rows, new SoftmaxPositives(labels), Split.AUTO, "toy"));
    assertClose(got, bruteForce(s, labels, rows, false), 1e-12);
  }

  @Test
  void oneThreadAndTheCommonPoolGiveBitIdenticalResults() throws Exception {
    double[][] s = similarities(N, 3);
    long[] y = labels(N);
    boolean[] queries = new boolean[N];
    Arrays.fill(queries, true);
    LossAndGradient pooled = mean(s, y, queries, DataType.FLOAT64, Split.tasksOf(2));
    ForkJoinPool single = new ForkJoinPool(1);
    try {
      LossAndGradient alone =
          single.submit(() -> mean(s, y, queries, DataType.FLOAT64, Split.tasksOf(5))).get();
      assertIdentical(alone, pooled);
    } finally {
      single.shutdown();
    }
  }

  @Test
  void noRowGivesExactlyZeroWithAZeroGradient() {
    double[][] s = similarities(N, 4);
    long[] y = new long[N];
    for (int i = 0; i < N; i++) {
      y[i] = i; // all singletons: no valid query
    }
    boolean[] queries = new boolean[N];
    Arrays.fill(queries, true);
    for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
      LossAndGradient r = mean(s, y, queries, dtype, Split.AUTO);
      assertThat(r.loss()).isEqualTo(0.0);
      assertThat(Arrays.stream(r.gradient()).flatMapToDouble(Arrays::stream)).containsOnly(0.0);
    }
  }

  @Test
  void sumsAddEachRowsStatisticsInRowOrder() {
    double[][] s = similarities(N, 5);
    long[] y = labels(N);
    int[] rows = {0, 2, 3, 11, 22};
    double[] want = new double[2];
    for (int q : rows) {
      for (int z = 0; z < N; z++) {
        want[0] += s[q][z] > 0 ? 1 : 0;
        want[1] += s[q][z] * q;
      }
    }
    double[] flat = new double[N * N];
    for (int i = 0; i < N; i++) {
      System.arraycopy(s[i], 0, flat, i * N, N);
    }
    FusedRowDriver.RowStatistics statistics =
        (q, row, out) -> {
          for (double v : row) {
            out[0] += v > 0 ? 1 : 0;
            out[1] += v * q;
          }
        };
    try (NDManager manager = NDManager.newBaseManager()) {
      SimilarityBatch batch = SimilarityBatch.of(manager.create(flat, new Shape(N, N)), y);
      double[] got = FusedRowDriver.sums(batch, rows, 2, statistics, Split.AUTO, "toy");
      assertThat(got[0]).isEqualTo(want[0]);
      assertThat(got[1]).isCloseTo(want[1], within(1e-9));
      for (Split split : new Split[] {Split.chunksOf(1), new Split(2, 1), Split.tasksOf(3)}) {
        assertThat(FusedRowDriver.sums(batch, rows, 2, statistics, split, "toy")).isEqualTo(got);
      }
    }
  }

  @Test
  void nonFiniteSimilaritiesAreRejectedInAnyRow() {
    long[] y = labels(N);
    boolean[] queries = new boolean[N];
    Arrays.fill(queries, true);
    for (int row : new int[] {3, 4}) { // 3 is not a valid query, 4 is
      for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY}) {
        double[][] s = similarities(N, 6);
        s[row][row == 3 ? 0 : 9] = bad;
        for (DataType dtype : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
          assertThatThrownBy(() -> mean(s, y, queries, dtype, Split.chunksOf(2)))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageContaining("similarity row " + row)
              .hasMessageContaining("NaN or infinite")
              .hasMessageContaining("toy");
        }
      }
    }
  }

  @Test
  void badInputIsAClearError() {
    double[][] s = similarities(4, 7);
    long[] y = {1, 1, 2, 2};
    boolean[] queries = {true, true, true, true};
    LabelStructure labels = LabelStructure.of(y, queries);
    assertThatThrownBy(
            () ->
                run(
                    s,
                    y,
                    queries,
                    DataType.FLOAT64,
                    b ->
                        FusedRowDriver.mean(
                            b, new int[] {2, 1}, new SoftmaxPositives(labels), Split.AUTO, "toy")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct, increasing and in [0, 4)");
    try (NDManager manager = NDManager.newBaseManager()) {
      SimilarityBatch ints = SimilarityBatch.of(manager.ones(new Shape(4, 4), DataType.INT32), y);
      assertThatThrownBy(
              () ->
                  FusedRowDriver.mean(
                      ints, new int[] {0}, new SoftmaxPositives(labels), Split.AUTO, "toy"))
          .hasMessageContaining("toy needs float32 or float64 similarities, got int32");
    }
    assertThatThrownBy(() -> new Split(-1, 0)).hasMessageContaining("must be >= 0");
  }

  @Test
  void allFiniteSeesEveryKindOfNonFiniteValue() {
    double[] values = {0.0, -0.0, 1e308, -1e-320, Double.MIN_VALUE, -Double.MAX_VALUE, 3};
    assertThat(FusedRowDriver.allFinite(values, values.length)).isTrue();
    for (double bad :
        new double[] {
          Double.NaN,
          Double.POSITIVE_INFINITY,
          Double.NEGATIVE_INFINITY,
          Double.longBitsToDouble(0xfff8000000000001L)
        }) {
      double[] v = values.clone();
      v[4] = bad;
      assertThat(FusedRowDriver.allFinite(v, v.length)).as("%s", bad).isFalse();
      assertThat(FusedRowDriver.allFinite(v, 4)).as("only the first four").isTrue();
    }
  }
}

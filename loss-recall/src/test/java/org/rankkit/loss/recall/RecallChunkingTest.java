package org.rankkit.loss.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.testkit.ArrayBatches;

/**
 * Chunking never changes the result, and the two implementations agree, on plain and SiMix-sized
 * batches (similarities from random unit embeddings; virtual items mixed from same-label pairs).
 */
class RecallChunkingTest {

  /** A similarity batch as plain arrays. */
  record Batch(double[][] s, long[] labels, boolean[] queryMask, int realCount) {
    int size() {
      return labels.length;
    }
  }

  /** Random unit embeddings, {@code perClass} per class, labels shuffled. */
  static Batch plain(int b, int perClass, int d, long seed) {
    Random random = new Random(seed);
    double[][] e = ArrayBatches.unitEmbeddings(b, d, random);
    long[] labels = new long[b];
    for (int i = 0; i < b; i++) {
      labels[i] = (i / perClass) * 7L + 3;
    }
    for (int i = b - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = labels[i];
      labels[i] = labels[j];
      labels[j] = t;
    }
    double[][] s = new double[b][b];
    for (int i = 0; i < b; i++) {
      for (int j = 0; j < b; j++) {
        double dot = 0;
        for (int k = 0; k < d; k++) {
          dot += e[i][k] * e[j][k];
        }
        s[i][j] = dot;
      }
    }
    return new Batch(s, labels, SimilarityRun.allTrue(b), b);
  }

  /** Adds one virtual item per same-label pair (SiMix, all pairs), α from the seed. */
  static Batch withSimix(Batch real, boolean virtualQueries, long seed) {
    Random random = new Random(seed);
    int b = real.size();
    List<double[]> mix = new ArrayList<>();
    for (int i = 0; i < b; i++) {
      for (int j = i + 1; j < b; j++) {
        if (real.labels()[i] == real.labels()[j]) {
          mix.add(new double[] {i, j, random.nextDouble()});
        }
      }
    }
    int n = b + mix.size();
    double[][] a = new double[n][b];
    long[] labels = new long[n];
    boolean[] mask = new boolean[n];
    for (int i = 0; i < b; i++) {
      a[i][i] = 1;
      labels[i] = real.labels()[i];
      mask[i] = true;
    }
    for (int t = 0; t < mix.size(); t++) {
      int i = (int) mix.get(t)[0];
      int j = (int) mix.get(t)[1];
      a[b + t][i] = mix.get(t)[2];
      a[b + t][j] = 1 - mix.get(t)[2];
      labels[b + t] = real.labels()[i];
      mask[b + t] = virtualQueries;
    }
    double[][] s = new double[n][n];
    for (int p = 0; p < n; p++) {
      for (int q = 0; q < n; q++) {
        double v = 0;
        for (int i = 0; i < b; i++) {
          if (a[p][i] == 0) {
            continue;
          }
          for (int j = 0; j < b; j++) {
            v += a[p][i] * real.s()[i][j] * a[q][j];
          }
        }
        s[p][q] = v;
      }
    }
    return new Batch(s, labels, mask, b);
  }

  static LossAndGradient run(Batch batch, RecallAtKConfig config, DataType dtype) {
    return SimilarityRun.run(
        new RecallAtKLoss(config),
        batch.s(),
        batch.labels(),
        batch.queryMask(),
        batch.realCount(),
        dtype);
  }

  static void assertSame(LossAndGradient actual, LossAndGradient expected, double tol) {
    assertThat(actual.loss()).isCloseTo(expected.loss(), within(tol));
    for (int i = 0; i < expected.gradient().length; i++) {
      for (int j = 0; j < expected.gradient()[i].length; j++) {
        assertThat(actual.gradient()[i][j])
            .as("dL/dS[%d][%d]", i, j)
            .isCloseTo(expected.gradient()[i][j], within(tol));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"engine", "fused-cpu"})
  void chunkSizesOneSevenAndWholeBatchAgree(String implementation) {
    Batch batch = withSimix(plain(20, 4, 8, 11), true, 12);
    int n = batch.size();
    RecallAtKConfig base = RecallAtKConfig.defaults().withImplementation(implementation);
    LossAndGradient whole = run(batch, base.withQueryChunk(n), DataType.FLOAT64);
    assertThat(whole.loss()).isBetween(0.01, 0.99);
    assertSame(run(batch, base.withQueryChunk(1), DataType.FLOAT64), whole, 1e-10);
    assertSame(run(batch, base.withQueryChunk(7), DataType.FLOAT64), whole, 1e-10);
    assertSame(run(batch, base.withQueryChunk(0), DataType.FLOAT64), whole, 1e-10);
  }

  @Test
  void engineChunksChosenFromTheMemoryBudgetAgreeWithOneChunk() {
    Batch batch = plain(240, 4, 8, 21);
    RecallAtKConfig small =
        RecallAtKLoss.builder().memoryBudgetBytes(1L << 20).implementation("engine").config();
    EngineRecallKernel kernel;
    try (NDManager manager = NDManager.newBaseManager()) {
      SimilarityBatch shapeOnly =
          SimilarityBatch.of(manager.zeros(new Shape(240, 240)), batch.labels());
      kernel = new EngineRecallKernel(small, QueryPlan.of(shapeOnly, small));
    }
    assertThat(kernel.chunkSize(8)).as("the budget forces several chunks").isBetween(2, 239);
    assertSame(
        run(batch, small, DataType.FLOAT64),
        run(batch, small.withQueryChunk(240), DataType.FLOAT64),
        1e-10);
  }

  @Test
  void fusedRecomputesSigmoidsBitIdenticallyWhenTheyDoNotFitTheBudget() {
    // one class of 400: 399 stored rows of 400 doubles exceed 1 MiB shared by the workers
    Batch batch = plain(400, 400, 6, 31);
    RecallAtKConfig tight =
        RecallAtKLoss.builder()
            .tauSim(0.05)
            .memoryBudgetBytes(1L << 20)
            .implementation("fused-cpu")
            .config();
    RecallAtKConfig roomy =
        RecallAtKLoss.builder()
            .tauSim(0.05)
            .memoryBudgetBytes(1L << 30)
            .implementation("fused-cpu")
            .config();
    assertSame(run(batch, tight, DataType.FLOAT64), run(batch, roomy, DataType.FLOAT64), 0.0);
  }

  @ParameterizedTest(name = "dtype={0}")
  @ValueSource(strings = {"float32", "float64"})
  void fusedRowChunksGiveTheSameResultAsOneChunk(String type) {
    // large batches are viewed in chunks of rows (Java buffers are int-sized); here 7 rows a chunk
    Batch batch = withSimix(plain(20, 4, 8, 71), false, 72);
    DataType dtype = DataType.valueOf(type.toUpperCase(java.util.Locale.ROOT));
    long rowBytes = (long) batch.size() * dtype.getNumOfBytes();
    RecallAtKConfig config = RecallAtKConfig.defaults().withImplementation("fused-cpu");
    LossAndGradient chunks =
        SimilarityRun.run(
            new RecallAtKLoss(config, 7 * rowBytes),
            batch.s(),
            batch.labels(),
            batch.queryMask(),
            batch.realCount(),
            dtype);
    LossAndGradient whole = run(batch, config, dtype);
    assertThat(whole.loss()).isBetween(0.01, 0.99);
    assertSame(chunks, whole, 0.0);
  }

  @ParameterizedTest(name = "virtualQueries={0}")
  @ValueSource(booleans = {true, false})
  void fusedAndEngineAgreeOnSimixSizedBatches(boolean virtualQueries) {
    Batch batch = withSimix(plain(32, 4, 16, 41), virtualQueries, 42);
    assertThat(batch.size()).isEqualTo(32 + 8 * 6);
    RecallAtKConfig base = RecallAtKConfig.defaults();
    LossAndGradient fused = run(batch, base.withImplementation("fused-cpu"), DataType.FLOAT64);
    LossAndGradient engine = run(batch, base.withImplementation("engine"), DataType.FLOAT64);
    assertSame(fused, engine, 1e-10);
    LossAndGradient fused32 = run(batch, base.withImplementation("fused-cpu"), DataType.FLOAT32);
    LossAndGradient engine32 = run(batch, base.withImplementation("engine"), DataType.FLOAT32);
    assertThat(fused32.loss()).isCloseTo(fused.loss(), within(1e-4));
    assertSame(fused32, engine32, 1e-4);
  }

  @Test
  void fusedAndEngineAgreeOnAPlainRandomBatch() {
    Batch batch = plain(96, 4, 16, 51);
    RecallAtKConfig base =
        new RecallAtKConfig(
            List.of(1, 2, 4, 8),
            0.02,
            List.of(0.5, 1.0, 1.0, 2.0),
            true,
            0,
            RecallAtKConfig.DEFAULT_MEMORY_BUDGET_BYTES,
            "auto");
    assertSame(
        run(batch, base.withImplementation("fused-cpu"), DataType.FLOAT64),
        run(batch, base.withImplementation("engine"), DataType.FLOAT64),
        1e-10);
  }
}

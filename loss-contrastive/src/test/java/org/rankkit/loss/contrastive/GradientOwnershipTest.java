package org.rankkit.loss.contrastive;

import org.rankkit.api.loss.LossAndGradient;
import org.rankkit.testkit.ArrayBatches;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * Arrays that autograd keeps until backward must own their memory (DJL's {@code create} on the CPU
 * wraps a Java buffer freed after close): the loss is computed, the garbage collector runs and
 * fresh direct buffers overwrite freed memory, then backward must still give the reference.
 */
class GradientOwnershipTest {

  static {
    DjlDefaults.applyOffline();
  }

  @ParameterizedTest(name = "{0} budget={1} {2}")
  @CsvSource({"FLOAT64,1,engine", "FLOAT32,1,engine", "FLOAT64,9223372036854775807,engine",
      "FLOAT64,1,auto", "FLOAT32,1,auto"})
  void gradientSurvivesGarbageCollectionBeforeBackward(DataType dtype, long budget, String impl) {
    int n = 200;
    double[][] s = ArrayBatches.similarities(n, 16, true, 52);
    long[] y = ArrayBatches.labels(n, 40, 53);
    boolean[] q = ArrayBatches.allQueries(n);
    q[3] = false;
    LossAndGradient want = ContrastiveReference.loss(s, y, q, 1.0, 0.2);
    double[] flat = new double[n * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(s[i], 0, flat, i * n, n);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray sim = m.create(flat, new Shape(n, n)).toType(dtype, false);
      sim.setRequiresGradient(true);
      try (GradientCollector gc = m.getEngine().newGradientCollector()) {
        NDArray l = new ContrastiveLoss(new ContrastiveConfig(1.0, 0.2, impl), budget)
            .compute(new SimilarityBatch(sim, y, q, n, null));
        overwriteFreedDirectMemory();
        gc.backward(l);
      }
      double[] g = sim.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
      double worst = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          worst = Math.max(worst, Math.abs(g[i * n + j] - want.gradient()[i][j]));
        }
      }
      assertThat(worst).isLessThan(1e-9);
    }
  }

  private static void overwriteFreedDirectMemory() {
    for (int round = 0; round < 3; round++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      List<ByteBuffer> junk = new ArrayList<>();
      for (int k = 0; k < 64; k++) {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        while (b.hasRemaining()) {
          b.put((byte) 0x7f);
        }
        junk.add(b);
      }
      junk.clear();
    }
  }
}

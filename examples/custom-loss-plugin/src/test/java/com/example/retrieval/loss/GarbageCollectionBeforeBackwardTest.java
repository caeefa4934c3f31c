package com.example.retrieval.loss;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityBatch;

/**
 * The gradient must not change when the JVM collects garbage between the forward pass and backward.
 *
 * <p>On the CPU, DJL's PyTorch engine creates arrays from Java data (and the scalar operand of
 * {@code x.mul(2.0)} or {@code x.div(n)}) as views of a direct {@code ByteBuffer} that only the
 * Java array object keeps alive. A loss that closes such an array before returning, while the
 * autograd graph still needs it for backward, makes backward read freed memory once the buffer is
 * collected: the gradient silently becomes garbage. This test provokes exactly that (collect, then
 * reuse the freed memory) and compares with an undisturbed run.
 */
class GarbageCollectionBeforeBackwardTest {

  @BeforeAll
  static void offline() {
    DjlDefaults.applyOffline();
  }

  private static double[] gradient(RankingLoss loss, float[] e, long[] labels, boolean collect)
      throws InterruptedException {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray embeddings =
          manager.create(e, new Shape(labels.length, e.length / labels.length))
              .toType(DataType.FLOAT64, false);
      embeddings.setRequiresGradient(true);
      try (GradientCollector collector = manager.getEngine().newGradientCollector()) {
        NDArray value = loss.compute(SimilarityBatch.fromEmbeddings(embeddings, labels));
        if (collect) {
          System.gc();
          Thread.sleep(50);
          System.gc();
          Thread.sleep(50);
          List<ByteBuffer> reuse = new ArrayList<>();
          for (int i = 0; i < 20_000; i++) {
            reuse.add(ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder()).putDouble(0, 7));
          }
          assertThat(reuse).hasSize(20_000);
        }
        collector.backward(value);
      }
      return embeddings.getGradient().toDoubleArray();
    }
  }

  @Test
  void gradientIsUnchangedByGarbageCollectionBeforeBackward() throws InterruptedException {
    Random random = new Random(3);
    long[] labels = {0, 0, 1, 1, 2, 2, 0};
    float[] e = new float[labels.length * 4];
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) random.nextGaussian() / 2;
    }
    RankingLoss loss = new MultiSimilarityLoss(new MultiSimilarityConfig(2.0, 50.0, 0.3));
    double[] undisturbed = gradient(loss, e, labels, false);
    for (int trial = 0; trial < 3; trial++) {
      assertThat(gradient(loss, e, labels, true)).containsExactly(undisturbed);
    }
    assertThat(undisturbed).doesNotContain(Double.NaN).isNotEqualTo(new double[e.length]);
  }
}

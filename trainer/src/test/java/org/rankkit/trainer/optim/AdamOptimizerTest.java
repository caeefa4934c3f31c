package org.rankkit.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.Tracker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

  @Test
  void theHeadMultiplierScalesTheStepAndStateRoundTrips() throws Exception {
    try (NDManager manager = NDManager.newBaseManager()) {
      AdamOptimizer adam =
          new AdamOptimizer(
              Tracker.fixed(0.01f), 0f, false, Map.of("id-a", "a", "id-b", "b"), Map.of("b", 10f));
      NDArray a = manager.create(new float[] {1f, 1f});
      NDArray b = manager.create(new float[] {1f, 1f});
      NDArray grad = manager.create(new float[] {0.5f, -2f});
      adam.update("id-a", a, grad);
      adam.update("id-b", b, grad);
      // Adam's first step moves each weight by lr * sign(grad)
      assertThat(a.toFloatArray()).containsExactly(new float[] {0.99f, 1.01f}, offset(1e-6f));
      assertThat(b.toFloatArray()).containsExactly(new float[] {0.9f, 1.1f}, offset(1e-5f));
      assertThat(adam.nextLearningRate("b")).isCloseTo(0.1f, offset(1e-7f));

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adam.save(new DataOutputStream(bytes));
      AdamOptimizer copy =
          new AdamOptimizer(
              Tracker.fixed(0.01f), 0f, false, Map.of("id-a", "a", "id-b", "b"), Map.of("b", 10f));
      copy.load(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
      NDArray a1 = a.duplicate();
      NDArray a2 = a.duplicate();
      adam.update("id-a", a1, grad);
      copy.update("id-a", a2, grad);
      assertThat(a2.toFloatArray()).containsExactly(a1.toFloatArray());
    }
  }

  @Test
  void adamwDecaysTheWeightsAndAdamAddsL2ToTheGradient() {
    try (NDManager manager = NDManager.newBaseManager()) {
      for (boolean decoupled : List.of(true, false)) {
        AdamOptimizer opt =
            new AdamOptimizer(Tracker.fixed(0.1f), 0.25f, decoupled, Map.of("w", "w"), Map.of());
        NDArray w = manager.create(new float[] {2f});
        opt.update("w", w, manager.create(new float[] {0f}));
        // adamw: w * (1 - lr * wd) = 2 * 0.975; adam: gradient wd * w = 0.5 -> step lr * sign = 0.1
        assertThat(w.getFloat()).isCloseTo(decoupled ? 1.95f : 1.9f, offset(1e-5f));
      }
    }
  }
}

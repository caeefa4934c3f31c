package org.rankkit.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;

/**
 * The conformance contract of a {@link BatchStrategy}, as JUnit 5 tests: implement this interface
 * in a test class of your plugin and return your strategy from {@link #strategy()}.
 *
 * <pre>{@code
 * class MyStrategyContractTest implements BatchStrategyContract {
 *   public BatchStrategy strategy() { return new MyStrategy(new MyStrategyConfig(16)); }
 * }
 * }</pre>
 *
 * <p>Every test runs the strategy through RankKit's {@link StepDriver} on the CPU, on a float64
 * two-layer perceptron (no BatchNorm, no dropout) whose optimiser records the gradients instead of
 * moving the weights:
 *
 * <ul>
 *   <li>{@link #gradientsEqualTheWholeBatchReference()}: for batch sizes 1, 5 and 12, the reported
 *       objective and every parameter gradient equal those of the reference (the whole batch
 *       forwarded once with autograd, one backward) within {@link #tolerance()};
 *   <li>{@link #anAllZeroGradientSkipsTheUpdate()}: an objective with an exactly zero gradient
 *       gives a step that reports {@code stepped = false};
 *   <li>{@link #runsInsideTheDriversOnlyCollectorAndLeavesNoNDArrays()}: repeated steps succeed (a
 *       strategy that opens a gradient collector of its own fails, because the driver holds the
 *       only one) and leave no array in the trainer's managers.
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public interface BatchStrategyContract {

  /**
   * Returns the strategy under test (strategies are immutable).
   *
   * @return the strategy
   */
  BatchStrategy strategy();

  /**
   * {@return the largest allowed difference between a gradient entry (or the objective) and the
   * reference's, relative to the largest reference entry (default 1e-9: float64, summation order
   * may differ)}
   */
  default double tolerance() {
    return 1e-9;
  }

  /** Same objective and parameter gradients as the whole-batch reference. */
  @Test
  default void gradientsEqualTheWholeBatchReference() {
    for (int batch : new int[] {1, 5, 12}) {
      long[] labels = new long[batch];
      for (int i = 0; i < batch; i++) {
        labels[i] = i / 3;
      }
      try (StrategyFixture fixture = new StrategyFixture()) {
        NDArray inputs = fixture.inputs(batch, 31 + batch);
        StepResult expected =
            fixture.step(
                StrategyHarness.REFERENCE, inputs, labels, StrategyHarness.labelledQuadratic());
        Map<String, double[]> reference = fixture.recorder().take();
        StepResult actual =
            fixture.step(strategy(), inputs, labels, StrategyHarness.labelledQuadratic());
        Map<String, double[]> gradients = fixture.recorder().take();

        assertThat(actual.loss())
            .as("objective value, batch %d", batch)
            .isCloseTo(
                expected.loss(), within(tolerance() * Math.max(1, Math.abs(expected.loss()))));
        assertThat(actual.stepped()).as("stepped, batch %d", batch).isEqualTo(expected.stepped());
        assertThat(gradients.keySet())
            .as("parameters with a gradient")
            .isEqualTo(reference.keySet());
        for (Map.Entry<String, double[]> entry : reference.entrySet()) {
          double[] want = entry.getValue();
          double[] got = gradients.get(entry.getKey());
          double scale = 0;
          for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
          }
          assertThat(got).as("gradient of %s, batch %d", entry.getKey(), batch).hasSameSizeAs(want);
          for (int i = 0; i < want.length; i++) {
            assertThat(got[i])
                .as("gradient of %s[%d], batch %d", entry.getKey(), i, batch)
                .isCloseTo(want[i], within(tolerance() * Math.max(1, scale)));
          }
        }
      }
    }
  }

  /** A step whose gradients are all exactly zero does not update the parameters. */
  @Test
  default void anAllZeroGradientSkipsTheUpdate() {
    try (StrategyFixture fixture = new StrategyFixture()) {
      NDArray inputs = fixture.inputs(6, 5);
      StepResult result =
          fixture.step(
              strategy(), inputs, new long[] {0, 0, 1, 1, 2, 2}, StrategyHarness.constantZero());
      assertThat(result.loss()).isZero();
      assertThat(result.stepped()).as("stepped").isFalse();
      assertThat(fixture.recorder().take()).as("gradients handed to the optimiser").isEmpty();
    }
  }

  /** The strategy needs no collector of its own and closes what it creates. */
  @Test
  default void runsInsideTheDriversOnlyCollectorAndLeavesNoNDArrays() {
    try (StrategyFixture fixture = new StrategyFixture()) {
      NDArray inputs = fixture.inputs(9, 7);
      long[] labels = {0, 0, 0, 1, 1, 1, 2, 2, 2};
      fixture.step(strategy(), inputs, labels, StrategyHarness.labelledQuadratic()); // warm-up
      NDManager root = fixture.trainer().getManager();
      NDManager system = root.getParentManager();
      int before = root.getManagedArrays().size();
      int systemBefore = system.getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        StepResult result =
            fixture.step(strategy(), inputs, labels, StrategyHarness.labelledQuadratic());
        assertThat(result.stepped()).as("step %d stepped", i).isTrue();
      }
      assertThat(root.getManagedArrays().size() - before)
          .as("NDArrays left in the trainer's manager after 3 steps")
          .isZero();
      assertThat(system.getManagedArrays().size() - systemBefore)
          .as("NDArrays left in the engine's managers after 3 steps")
          .isZero();
    }
  }
}

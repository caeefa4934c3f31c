package org.rankkit.testkit;

import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.rankkit.testkit.ContractRuns.assertFails;
import static org.rankkit.testkit.ContractRuns.run;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.StepContext;

/**
 * Proves that the strategy and augmentation contracts can fail: each is run through the JUnit
 * Platform test kit against an implementation with one deliberate defect, and the test aimed at
 * that defect must fail (while the reference passes every test).
 */
class ContractCatchesBrokenStrategiesTest {

  /** The reference strategy itself: must pass. */
  static class Reference implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return StrategyHarness.REFERENCE;
    }
  }

  /** Backpropagates half the objective. */
  static class HalfGradient implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return (step, inputs, labels, objective) -> {
        NDArray value = objective.compute(step.embed(inputs, false), labels);
        double loss = StepContext.valueOf(value);
        step.backward(value.mul(0.5));
        return loss;
      };
    }
  }

  /** Creates an array in the network's own manager on every step. */
  static class Leaking implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return (step, inputs, labels, objective) -> {
        step.manager().getParentManager().create(new float[] {1f});
        return StrategyHarness.REFERENCE.computeGradients(step, inputs, labels, objective);
      };
    }
  }

  /** Opens a gradient collector of its own. */
  static class OwnCollector implements BatchStrategyContract {
    @Override
    public BatchStrategy strategy() {
      return (step, inputs, labels, objective) -> {
        try (GradientCollector own = Engine.getInstance().newGradientCollector()) {
          return StrategyHarness.REFERENCE.computeGradients(step, inputs, labels, objective);
        }
      };
    }
  }

  /** The test kit's own dense pair mix: must pass. */
  static class ReferenceMix implements SimilarityAugmentationContract {
    @Override
    public SimilarityAugmentation augmentation() {
      return new PairMixAugmentation();
    }
  }

  /** Puts its virtual items first. */
  static class VirtualFirst implements SimilarityAugmentationContract {
    @Override
    public SimilarityAugmentation augmentation() {
      return (batch, random) -> {
        SimilarityBatch mixed = new PairMixAugmentation().apply(batch, random);
        int n = mixed.size();
        int b = batch.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = (i + (n - b)) % n;
        }
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
          labels[i] = mixed.label(order[i]);
        }
        NDArray index =
            batch
                .similarities()
                .getManager()
                .create(order)
                .toType(ai.djl.ndarray.types.DataType.INT64, false);
        NDArray s = mixed.similarities().get(index).transpose().get(index).transpose();
        return SimilarityBatch.of(s, labels);
      };
    }
  }

  /** Draws from its own unseeded generator. */
  static class Unseeded implements SimilarityAugmentationContract {
    @Override
    public SimilarityAugmentation augmentation() {
      return (batch, random) -> new PairMixAugmentation().apply(batch, new java.util.Random());
    }
  }

  /** Mixes detached similarities. */
  static class Detached implements SimilarityAugmentationContract {
    @Override
    public SimilarityAugmentation augmentation() {
      return (batch, random) -> {
        SimilarityBatch detached =
            new SimilarityBatch(
                batch.similarities().stopGradient(),
                batch.labels(),
                new boolean[batch.size()],
                batch.size(),
                batch.embeddings());
        SimilarityBatch mixed = new PairMixAugmentation().apply(detached, random);
        boolean[] queries = new boolean[mixed.size()];
        java.util.Arrays.fill(queries, true);
        return new SimilarityBatch(
            mixed.similarities(), mixed.labels(), queries, batch.size(), batch.embeddings());
      };
    }
  }

  @Test
  void theReferencesPassEveryTest() {
    run(Reference.class).assertStatistics(s -> s.started(3).succeeded(3));
    Events mix = run(ReferenceMix.class);
    mix.assertStatistics(s -> s.started(4).succeeded(4));
    mix.assertThatEvents()
        .haveExactly(1, event(test("gradientsReachTheRealSimilarities"), finishedSuccessfully()));
  }

  @Test
  void wrongGradientsAreCaught() {
    assertFails(HalfGradient.class, "gradientsEqualTheWholeBatchReference");
  }

  @Test
  void leakedArraysAreCaught() {
    assertFails(Leaking.class, "runsInsideTheDriversOnlyCollectorAndLeavesNoNDArrays");
  }

  @Test
  void aSecondCollectorIsCaught() {
    assertFails(OwnCollector.class, "runsInsideTheDriversOnlyCollectorAndLeavesNoNDArrays");
  }

  @Test
  void virtualItemsFirstAreCaught() {
    assertFails(VirtualFirst.class, "realItemsComeFirstAndAreUnchanged");
  }

  @Test
  void anUnseededGeneratorIsCaught() {
    assertFails(Unseeded.class, "aSeededGeneratorReproducesTheBatch");
  }

  @Test
  void detachedVirtualItemsAreCaught() {
    assertFails(Detached.class, "gradientsReachTheRealSimilarities");
  }
}

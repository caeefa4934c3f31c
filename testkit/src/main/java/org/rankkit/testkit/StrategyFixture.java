package org.rankkit.testkit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;

/**
 * The set-up of one {@link BatchStrategyContract} test, closed together: the {@link
 * StrategyHarness} perceptron, its trainer (whose optimiser records the gradients), a scratch
 * manager under the trainer's for the inputs, and the {@link StepDriver} that runs the steps.
 */
final class StrategyFixture implements AutoCloseable {

  private final StrategyHarness.Recorder recorder = new StrategyHarness.Recorder();
  private final Model model;
  private final Trainer trainer;
  private final NDManager manager;
  private final StepDriver driver;

  /** Builds the perceptron, its trainer and the scratch manager. */
  StrategyFixture() {
    this.model = StrategyHarness.model();
    try {
      this.trainer = StrategyHarness.trainer(model, recorder);
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
    this.manager = trainer.getManager().newSubManager();
    this.driver = new StepDriver(trainer);
  }

  /** Returns the optimiser, which records the gradients of each step. */
  StrategyHarness.Recorder recorder() {
    return recorder;
  }

  /** Returns the trainer. */
  Trainer trainer() {
    return trainer;
  }

  /** A reproducible float64 batch in the scratch manager. */
  NDArray inputs(int batch, long seed) {
    return StrategyHarness.inputs(manager, batch, seed);
  }

  /** Runs one step of a strategy through RankKit's step driver. */
  StepResult step(
      BatchStrategy strategy, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    return driver.step(strategy, inputs, labels, objective);
  }

  /** Closes the scratch manager, the trainer and the model, in that order. */
  @Override
  public void close() {
    try (model;
        trainer;
        manager) {
      // the resources close in reverse order
    }
  }
}

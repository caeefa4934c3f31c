package org.rankkit.batching.strategy;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.Trainer;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;

/**
 * The set-up of a strategy test, closed together: a float64 model of a network, its trainer
 * (initialised for one item shape, with an optimiser that records the gradients) and a scratch
 * manager under the trainer's for the test's inputs.
 */
final class TrainingFixture implements AutoCloseable {

  private final GradientRecorder recorder = new GradientRecorder();
  private final Shape itemShape;
  private final Model model;
  private final Trainer trainer;
  private final NDManager manager;

  /**
   * Builds the model of a network and its trainer for inputs of a shape.
   *
   * @param block the network
   * @param itemShape the shape of one input item
   */
  TrainingFixture(Block block, Shape itemShape) {
    this.itemShape = itemShape;
    this.model = TestModels.model(block);
    try {
      this.trainer = TestModels.trainer(model, recorder, itemShape);
    } catch (RuntimeException | Error e) {
      model.close();
      throw e;
    }
    this.manager = trainer.getManager().newSubManager();
  }

  /** Returns the optimiser, which records the gradients of each step. */
  GradientRecorder recorder() {
    return recorder;
  }

  /** Returns the model. */
  Model model() {
    return model;
  }

  /** Returns the trainer. */
  Trainer trainer() {
    return trainer;
  }

  /** Returns the scratch manager (closed with the fixture). */
  NDManager manager() {
    return manager;
  }

  /** A reproducible float64 batch of items of the fixture's shape, in the scratch manager. */
  NDArray inputs(int batch, long seed) {
    return TestModels.inputs(manager, batch, itemShape, seed);
  }

  /** Runs one step of a strategy through the driver that RankKit's trainer uses. */
  StepResult step(
      BatchStrategy strategy, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    return new StepDriver(trainer).step(strategy, inputs, labels, objective);
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

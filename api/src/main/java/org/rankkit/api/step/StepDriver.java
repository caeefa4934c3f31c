package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.Objects;

/**
 * Runs training steps: the bookkeeping every {@link BatchStrategy} shares.
 *
 * <ol>
 *   <li>zero the parameters' gradients;
 *   <li>open a scope and the process's only gradient collector;
 *   <li>let the strategy compute the objective and the parameter gradients;
 *   <li>apply the optimiser update unless every gradient is exactly zero (a batch in which no query
 *       has a positive), which DJL's {@link Trainer#step()} would refuse or turn into a pure
 *       momentum and weight-decay move;
 *   <li>report the objective, the time and the peak memory.
 * </ol>
 *
 * <p>One driver per trainer; not thread-safe (one step at a time, like the trainer).
 */
public final class StepDriver {

  private final Trainer trainer;

  /**
   * Creates the driver of a trainer.
   *
   * @param trainer DJL trainer holding the model, parameter store and optimiser
   */
  public StepDriver(Trainer trainer) {
    this.trainer = Objects.requireNonNull(trainer, "trainer");
  }

  /**
   * Runs one training step.
   *
   * @param strategy how the batch's gradients are computed
   * @param inputs the batch's inputs, first dimension {@code B} (owned by the caller)
   * @param labels {@code B} class ids
   * @param objective the loss as a function of the embeddings
   * @return objective value, time, memory and whether the parameters were updated
   * @throws IllegalArgumentException for an empty batch or inputs whose first dimension is not
   *     {@code labels.length}
   */
  public StepResult step(
      BatchStrategy strategy, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    checkBatch(inputs, labels);
    Block block = trainer.getModel().getBlock();
    long begin = System.nanoTime();
    PeakMemory memory = PeakMemory.of(inputs.getDevice());
    ParameterGradients.zero(block);
    double loss;
    try (NDManager scope = trainer.getManager().newSubManager(inputs.getDevice())) {
      inputs.tempAttach(scope);
      try (GradientCollector collector = trainer.newGradientCollector()) {
        loss =
            strategy.computeGradients(
                new Context(scope, collector, memory), inputs, labels, objective);
      }
      memory.sample();
    }
    boolean stepped = ParameterGradients.updateUnlessAllZero(trainer, trainer::step);
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new StepResult(loss, seconds, memory.peakBytes(), stepped);
  }

  private static void checkBatch(NDArray inputs, long[] labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("the batch is empty");
    }
    if (inputs.getShape().dimension() == 0 || inputs.getShape().get(0) != labels.length) {
      throw new IllegalArgumentException(
          "inputs must have the batch size "
              + labels.length
              + " (labels.length) as first dimension, got shape "
              + inputs.getShape());
    }
  }

  private final class Context implements StepContext {

    private final NDManager scope;
    private final GradientCollector collector;
    private final PeakMemory memory;

    Context(NDManager scope, GradientCollector collector, PeakMemory memory) {
      this.scope = scope;
      this.collector = collector;
      this.memory = memory;
    }

    @Override
    public NDManager manager() {
      return scope;
    }

    @Override
    public Block network() {
      return trainer.getModel().getBlock();
    }

    @Override
    public NDArray embed(NDArray inputs, boolean training) {
      NDList out =
          training ? trainer.forward(new NDList(inputs)) : trainer.evaluate(new NDList(inputs));
      if (out.size() != 1) {
        throw new IllegalArgumentException(
            "the model must output one array of embeddings, got " + out.size() + " arrays");
      }
      NDArray embeddings = out.singletonOrThrow();
      if (embeddings.getShape().dimension() != 2
          || embeddings.getShape().get(0) != inputs.getShape().get(0)) {
        throw new IllegalArgumentException(
            "the model must output n x d embeddings for n inputs, got shape "
                + embeddings.getShape()
                + " for "
                + inputs.getShape().get(0)
                + " inputs");
      }
      return embeddings;
    }

    @Override
    public void backward(NDArray scalar) {
      memory.sample();
      collector.backward(scalar);
    }

    @Override
    public void sampleMemory() {
      memory.sample();
    }
  }
}

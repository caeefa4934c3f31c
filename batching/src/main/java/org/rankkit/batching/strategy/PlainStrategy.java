package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.Objects;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.StepResult;

/**
 * The {@code plain} batch strategy: one forward of the whole batch with autograd, the objective,
 * one backward, one optimiser step. Activation memory grows linearly with the batch.
 */
public final class PlainStrategy implements BatchStrategy {

  private final PlainStrategyConfig config;

  /**
   * Creates the strategy.
   *
   * @param config its parameters
   */
  public PlainStrategy(PlainStrategyConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** {@return the parameters} */
  public PlainStrategyConfig config() {
    return config;
  }

  @Override
  public StepResult step(
      Trainer trainer, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    Steps.checkBatch(inputs, labels);
    Block block = trainer.getModel().getBlock();
    if (config.frozenBatchNorm()) {
      ModelInspection.refuseDropout(
          block,
          "the plain strategy with frozenBatchNorm=true runs the network in inference mode, which"
              + " turns dropout off; set frozenBatchNorm=false to train with dropout");
    }
    long begin = System.nanoTime();
    PeakMemory memory = PeakMemory.of(inputs.getDevice());
    Gradients.zero(block);
    double loss;
    try (NDManager step = trainer.getManager().newSubManager(inputs.getDevice())) {
      inputs.tempAttach(step);
      try (GradientCollector collector = trainer.newGradientCollector()) {
        NDArray embeddings = Steps.embed(trainer, inputs, !config.frozenBatchNorm());
        NDArray value = objective.compute(embeddings, labels);
        loss = Steps.scalar(value);
        memory.sample();
        collector.backward(value);
      }
      memory.sample();
    }
    boolean stepped = !Gradients.allZero(block);
    if (stepped) {
      Gradients.step(trainer);
    }
    double seconds = (System.nanoTime() - begin) / 1e9;
    return new StepResult(loss, seconds, memory.peakBytes(), stepped);
  }

  @Override
  public String toString() {
    return "plain" + config;
  }
}

package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import java.util.Objects;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.StepContext;

/**
 * The {@code plain} batch strategy: one forward of the whole batch with autograd, the objective,
 * one backward. Activation memory grows linearly with the batch.
 *
 * @param config its parameters
 */
public record PlainStrategy(PlainStrategyConfig config) implements BatchStrategy {

  /**
   * Creates the strategy.
   *
   * @param config its parameters
   */
  public PlainStrategy {
    Objects.requireNonNull(config, "config");
  }

  @Override
  public double computeGradients(
      StepContext step, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    if (config.frozenBatchNorm()) {
      ModelInspection.refuseDropout(
          step.network(),
          "the plain strategy with frozenBatchNorm=true runs the network in inference mode, which"
              + " turns dropout off; set frozenBatchNorm=false to train with dropout");
    }
    NDArray embeddings = step.embed(inputs, !config.frozenBatchNorm());
    NDArray value = objective.compute(embeddings, labels);
    double loss = StepContext.valueOf(value);
    step.backward(value);
    return loss;
  }

  @Override
  public String toString() {
    return "plain" + config;
  }
}

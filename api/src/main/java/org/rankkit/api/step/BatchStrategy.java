package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;
import ai.djl.training.Trainer;

/**
 * How one optimisation step turns a batch into embeddings, loss and gradients, and updates the
 * parameters.
 *
 * <p>The strategy runs the network ({@code trainer}'s model) on {@code inputs}, evaluates {@code
 * objective} on the embeddings with autograd, backpropagates into the network's parameters and calls
 * {@code trainer.step()} (skipping it, and saying so in the result, when every gradient is zero).
 * It must open the only {@link ai.djl.training.GradientCollector} of the step itself and close every
 * NDArray it creates before returning. Implementations are immutable; one step runs at a time.
 */
@FunctionalInterface
public interface BatchStrategy {

  /**
   * Runs one optimisation step.
   *
   * @param trainer DJL trainer holding the model, parameter store and optimiser
   * @param inputs the batch's inputs, first dimension {@code B} (owned by the caller)
   * @param labels {@code B} class ids
   * @param objective the loss as a function of the embeddings
   * @return loss, time and memory of the step
   */
  StepResult step(Trainer trainer, NDArray inputs, long[] labels, EmbeddingObjective objective);
}

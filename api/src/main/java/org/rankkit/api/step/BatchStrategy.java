package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;

/**
 * How one training step turns a batch into embeddings, an objective value and parameter gradients:
 * the part that differs between strategies (plain, memory-bounded, ...).
 *
 * <p>A strategy runs the network through {@link StepContext#embed(NDArray, boolean)}, evaluates
 * {@code objective} once on the embeddings of the whole batch, and backpropagates through {@link
 * StepContext#backward(NDArray)} so that the network's parameter gradients hold {@code dL/dθ} when
 * it returns (several backward calls add up). Everything else belongs to the {@link StepDriver}:
 * the gradient collector, zeroing the gradients, skipping an update whose gradients are all zero,
 * the optimiser update, timing and memory. Arrays a strategy creates belong in {@link
 * StepContext#manager()} (or a sub-manager of it), which the driver closes after the step.
 *
 * <p>Implementations are immutable; one step runs at a time. The test kit's {@code
 * BatchStrategyContract} checks a strategy against these rules.
 */
@FunctionalInterface
public interface BatchStrategy {

  /**
   * Computes the objective of a batch and its gradients with respect to the network's parameters.
   *
   * @param step the step's network, backward, scope and memory sampling
   * @param inputs the batch's inputs, first dimension {@code B}
   * @param labels {@code B} class ids
   * @param objective the loss as a function of the embeddings
   * @return the objective's value
   */
  double computeGradients(
      StepContext step, NDArray inputs, long[] labels, EmbeddingObjective objective);
}

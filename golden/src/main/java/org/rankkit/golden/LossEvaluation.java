package org.rankkit.golden;

import org.rankkit.api.loss.LossAndGradient;

/**
 * The result of evaluating a {@link LossCase}: the loss and its gradient with respect to the
 * case's embeddings.
 *
 * @param loss the loss value
 * @param gradient {@code dL/dE}, {@code B × d}
 * @deprecated the api's {@link LossAndGradient} is the one value-and-gradient type; {@link
 *     LossCaseEvaluator#run(LossCase, org.rankkit.api.plugin.PluginRegistry,
 *     ai.djl.ndarray.types.DataType, ai.djl.Device)} returns it. Kept until {@code rankkit
 *     loss-check} moves to it.
 */
@Deprecated(forRemoval = true)
public record LossEvaluation(double loss, double[][] gradient) {}

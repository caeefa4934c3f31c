/**
 * Evaluating a loss on one fixed case: the golden-case JSON format of docs/numeric-spec.md ({@link
 * org.rankkit.api.check.LossCase}) and an evaluator that returns the loss and {@code dL/dE} for the
 * embeddings given ({@link org.rankkit.api.check.LossCaseEvaluator}), used by {@code rankkit
 * loss-check} and by the test kit's golden-case assertions.
 */
package org.rankkit.api.check;

/**
 * Golden cases: evaluating a loss on one fixed case. {@link org.rankkit.golden.LossCase} reads the
 * case format of docs/numeric-spec.md; {@link org.rankkit.golden.LossCaseEvaluator} runs any
 * registered loss on it (and applies the case's mix with a registered augmentation) and returns the
 * loss and {@code dL/dE}. Used by {@code rankkit loss-check} and by the test kit's golden-case
 * assertions; not part of the plugin SPI.
 */
package org.rankkit.golden;

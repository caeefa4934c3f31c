/**
 * The common training loop: {@link org.rankkit.trainer.TrainingRun} (data, embedding model,
 * optimiser, class-balanced batches, batch strategy and loss from the plugin registry, evaluation,
 * atomic {@link org.rankkit.trainer.Checkpoint checkpoints} with exact resume, {@code
 * metrics.jsonl}, {@code result.json}), its {@link org.rankkit.trainer.TrainResult result}, and
 * {@link org.rankkit.trainer.TrainingListener listeners} such as {@link
 * org.rankkit.trainer.TrainingProgress}.
 */
package org.rankkit.trainer;

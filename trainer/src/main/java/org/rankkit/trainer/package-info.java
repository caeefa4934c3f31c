/**
 * The common training loop's public face: {@link org.rankkit.trainer.TrainingRun} (start or
 * continue a run: data, embedding model, optimiser, class-balanced batches, batch strategy and loss
 * from the plugin registry, evaluation, atomic {@link org.rankkit.trainer.Checkpoint checkpoints}
 * with exact resume, {@code metrics.jsonl}, {@code result.json}), its {@link
 * org.rankkit.trainer.TrainingResult result}, and {@link org.rankkit.trainer.TrainingListener
 * listeners} such as {@link org.rankkit.trainer.TrainingProgress}. The run's parts live in {@link
 * org.rankkit.trainer.run}.
 */
package org.rankkit.trainer;

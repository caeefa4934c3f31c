/**
 * The parts of a training run, one job each, put together by {@link
 * org.rankkit.trainer.TrainingRun}: {@link org.rankkit.trainer.run.RunAssembly} checks and
 * assembles what a run trains with ({@link org.rankkit.trainer.run.RunPlugins plugins}, {@link
 * org.rankkit.trainer.run.Devices device}, {@link org.rankkit.trainer.run.RunData data}, batch
 * shape); {@link org.rankkit.trainer.run.RunModel} assembles the model and optimiser; {@link
 * org.rankkit.trainer.run.BatchPrefetcher} loads the next batches in the background; {@link
 * org.rankkit.trainer.run.StepLoop} trains, evaluates ({@link
 * org.rankkit.trainer.run.RunEvaluation}) and checkpoints; {@link
 * org.rankkit.trainer.run.CheckpointState} is where a run stands; {@link
 * org.rankkit.trainer.run.MetricsLog} is {@code metrics.jsonl}; {@link
 * org.rankkit.trainer.run.StopSignal} carries {@code requestStop()} and Ctrl-C to the loop.
 */
package org.rankkit.trainer.run;

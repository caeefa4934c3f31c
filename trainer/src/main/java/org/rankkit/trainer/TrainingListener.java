package org.rankkit.trainer;

import java.util.List;
import org.rankkit.eval.EvaluationResult;

/**
 * Observes a training run: progress bars, logs, and callers (such as {@code rankkit compare}) that
 * want per-step or per-epoch numbers. Every method has an empty default; listeners are called on
 * the training thread and must be quick. Epoch numbers are one-based.
 */
public interface TrainingListener {

  /** A listener that does nothing. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Called once before the first step (also after a resume).
   *
   * @param run the run (e.g. to {@link TrainingRun#requestStop()} it)
   * @param stepsPerEpoch optimisation steps in one epoch
   */
  default void onStart(TrainingRun run, int stepsPerEpoch) {}

  /**
   * Called at the start of an epoch.
   *
   * @param epoch one-based epoch
   * @param steps steps in the epoch
   * @param firstStep zero-based step the epoch starts at (non-zero when resuming mid-epoch)
   */
  default void onEpochStart(int epoch, int steps, int firstStep) {}

  /**
   * Called after every optimisation step.
   *
   * @param step what the step did
   */
  default void onStep(StepEvent step) {}

  /**
   * Called after an evaluation.
   *
   * @param epoch one-based epoch after which it ran
   * @param result the metrics
   */
  default void onEvaluation(int epoch, EvaluationResult result) {}

  /**
   * Called at the end of an epoch, after its evaluation (if any) and checkpoint.
   *
   * @param record the epoch's summary
   */
  default void onEpochEnd(EpochRecord record) {}

  /**
   * Called when the run ends, normally or because a stop was requested.
   *
   * @param result the result (see {@link TrainingResult#interrupted()})
   */
  default void onEnd(TrainingResult result) {}

  /**
   * Combines listeners; each event goes to all, in order.
   *
   * @param listeners the listeners
   * @return one listener
   */
  static TrainingListener all(TrainingListener... listeners) {
    List<TrainingListener> list = List.of(listeners);
    return new TrainingListener() {
      @Override
      public void onStart(TrainingRun run, int stepsPerEpoch) {
        list.forEach(l -> l.onStart(run, stepsPerEpoch));
      }

      @Override
      public void onEpochStart(int epoch, int steps, int firstStep) {
        list.forEach(l -> l.onEpochStart(epoch, steps, firstStep));
      }

      @Override
      public void onStep(StepEvent step) {
        list.forEach(l -> l.onStep(step));
      }

      @Override
      public void onEvaluation(int epoch, EvaluationResult result) {
        list.forEach(l -> l.onEvaluation(epoch, result));
      }

      @Override
      public void onEpochEnd(EpochRecord record) {
        list.forEach(l -> l.onEpochEnd(record));
      }

      @Override
      public void onEnd(TrainingResult result) {
        list.forEach(l -> l.onEnd(result));
      }
    };
  }

  /**
   * One optimisation step.
   *
   * @param epoch one-based epoch
   * @param step zero-based step within the epoch
   * @param stepsInEpoch steps in the epoch
   * @param globalStep zero-based step counted over the whole run
   * @param loss the loss of the step
   * @param learningRate the base learning rate used by the step (before the head multiplier)
   * @param items images in the batch
   * @param seconds seconds of the step (forward, backward, update; data loading excluded)
   * @param stepped false when the update was skipped (all gradients zero)
   */
  record StepEvent(
      int epoch,
      int step,
      int stepsInEpoch,
      long globalStep,
      double loss,
      double learningRate,
      int items,
      double seconds,
      boolean stepped) {}
}

package org.rankkit.compare;

import java.nio.file.Path;

/** Executes one planned run; the suite runner's only link to training and evaluation. */
public interface RunExecutor {

  /**
   * Trains and evaluates a run, or evaluates the raw-pixel floor for a baseline run.
   *
   * @param run the run with all its settings
   * @param runDirectory a directory of its own for checkpoints and logs
   * @return the outcome
   * @throws RunInterruptedException when {@link #requestStop()} stopped the run
   * @throws Exception when the run fails; the suite stops, keeping finished runs
   */
  RunOutcome execute(PlannedRun run, Path runDirectory) throws Exception;

  /**
   * Asks the run in progress to stop soon (Ctrl-C); {@link #execute} then saves what the run has
   * and throws {@link RunInterruptedException}. Thread-safe; the default does nothing (the run
   * finishes).
   */
  default void requestStop() {}
}

package org.rankkit.compare;

/**
 * Thrown by a {@link RunExecutor} whose run stopped because the suite was asked to stop (Ctrl-C):
 * the run saved what it has (a training run its checkpoint), and {@code compare --resume} continues
 * it.
 */
public final class RunInterruptedException extends Exception {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param runName the run's display name
   */
  public RunInterruptedException(String runName) {
    super("run '" + runName + "' was interrupted; its checkpoint is kept for --resume");
  }
}

package org.rankkit.trainer.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run's stop request: set by {@code requestStop()} or, through the {@link ExitHook}, by the JVM
 * shutting down (Ctrl-C in the CLI); the step loop checks it after every step and during
 * evaluations, and then checkpoints and returns. Thread-safe.
 */
public final class StopSignal {

  private volatile boolean requested;

  /** Creates a signal that has not been raised. */
  public StopSignal() {}

  /** Asks the run to stop after the current step (or evaluation chunk). */
  public void request() {
    requested = true;
  }

  /** {@return whether a stop was asked for} */
  public boolean requested() {
    return requested;
  }

  /**
   * {@return a hook, not yet installed, that turns the JVM's shutdown into a stop request and lets
   * the run write its checkpoint before the JVM exits}
   */
  public ExitHook exitHook() {
    return new ExitHook();
  }

  /**
   * A JVM shutdown hook that requests the stop and then waits, up to 60 s, until the run closes the
   * hook: install it once the run can checkpoint, close it when the run has closed everything it
   * opened.
   */
  public final class ExitHook implements AutoCloseable {

    private final CountDownLatch finished = new CountDownLatch(1);
    private Thread hook;

    private ExitHook() {}

    /** Installs the hook; the calling thread is the training thread the hook waits for. */
    public void install() {
      Thread trainingThread = Thread.currentThread();
      hook =
          new Thread(
              () -> {
                request();
                try {
                  if (trainingThread.isAlive()) {
                    finished.await(60, TimeUnit.SECONDS);
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "rankkit-checkpoint-on-exit");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Lets a waiting hook return, and removes the hook when it was installed. */
    @Override
    public void close() {
      finished.countDown();
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
          // the JVM is shutting down: the hook is running and waits for us (released above)
        }
      }
    }
  }
}

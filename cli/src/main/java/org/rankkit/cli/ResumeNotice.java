package org.rankkit.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prints, exactly once and in full, how to continue a command stopped by Ctrl-C.
 *
 * <p>Ctrl-C starts the JVM's shutdown: the shutdown hooks run, and the JVM halts as soon as the
 * last of them returns, even while the main thread is still printing. This notice registers a hook
 * that first runs the command's own stop action, then waits (at most a minute) until the main
 * thread has closed the notice; the main thread decides whether to {@link #tell} (an error is not
 * an interrupt). Only if the main thread does not close it in time does the hook print the message
 * itself. Printing is synchronised, so it is never cut short by the other thread.
 */
final class ResumeNotice implements AutoCloseable {

  private static final long WAIT_SECONDS = 60;

  private final PrintWriter console;
  private final String message;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Thread hook;
  private boolean told;

  private ResumeNotice(PrintWriter console, String message, Runnable onShutdown) {
    this.console = console;
    this.message = message;
    this.hook =
        new Thread(
            () -> {
              onShutdown.run();
              try {
                if (!closed.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                  tell(); // the main thread is stuck: say how to continue before the JVM halts
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "rankkit-resume-notice");
  }

  /**
   * Registers the notice for the duration of a command.
   *
   * @param console where the message goes
   * @param message the whole message, including the resume command
   * @param onShutdown what the hook does first when Ctrl-C arrives (for example asking the work to
   *     stop and waiting until its outputs are saved); it must return within a minute
   */
  static ResumeNotice register(PrintWriter console, String message, Runnable onShutdown) {
    ResumeNotice notice = new ResumeNotice(console, message, onShutdown);
    Runtime.getRuntime().addShutdownHook(notice.hook);
    return notice;
  }

  /** Prints the message unless it was printed already. */
  synchronized void tell() {
    if (!told) {
      told = true;
      console.println();
      console.println(message);
      console.flush();
    }
  }

  /** The command is done printing: the hook, if running, may let the JVM halt. */
  @Override
  public void close() {
    closed.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running and returns now that the latch is open
    }
  }
}

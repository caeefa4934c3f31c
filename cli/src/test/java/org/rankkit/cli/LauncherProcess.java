package org.rankkit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code rankkit} launcher ({@link Main}) in a child JVM of the test's class path, its output
 * lines (standard output and error together) collected as they come, and a real Ctrl-C (SIGINT)
 * sent to it at a moment chosen by that output.
 */
final class LauncherProcess {
  final Process process;
  final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private Predicate<String> waitFor = line -> false;
  private CountDownLatch seen = new CountDownLatch(1);

  /**
   * Starts {@code rankkit args...}.
   *
   * @param home the folder under which the child keeps its model and data cache
   * @param args the command-line arguments
   * @throws IOException if the JVM cannot be started
   */
  LauncherProcess(Path home, String... args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx3g",
                "-Xms2g",
                "-Xmn1536m",
                "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch",
                "-Dai.djl.pytorch.num_threads=1",
                "-Drankkit.cache=" + home.resolve("cache"),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    process = new ProcessBuilder(command).redirectErrorStream(true).start();
    reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  synchronized (this) {
                    lines.add(line);
                    if (waitFor.test(line)) {
                      seen.countDown();
                    }
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
  }

  /** Makes {@link #sigintAfterWaiting} wait for a line that meets {@code condition}. */
  synchronized void interruptWhen(Predicate<String> condition) {
    waitFor = condition;
    seen = new CountDownLatch(1);
    if (lines.stream().anyMatch(condition)) {
      seen.countDown();
    }
  }

  /** Waits (up to 3 minutes) for the awaited line, then sends SIGINT to the child. */
  void sigintAfterWaiting() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!seen.await(200, TimeUnit.MILLISECONDS)) {
      if (!process.isAlive()) {
        exit(); // aborts on the known random-NaN defect
        fail("the child ended before the awaited line: " + output());
      }
      assertThat(System.nanoTime())
          .as("the awaited line; output so far: %s", lines)
          .isLessThan(deadline);
    }
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor()).isZero();
  }

  /**
   * Waits (up to 4 minutes) for the child to end and its last lines to be read; aborts the test on
   * the known random-NaN defect.
   *
   * @return the child's exit code
   */
  int exit() throws Exception {
    assertThat(process.waitFor(240, TimeUnit.SECONDS))
        .as("the child ends; output: %s", lines)
        .isTrue();
    reader.join(
        TimeUnit.SECONDS.toMillis(30)); // the reader drains the last lines until end of stream
    // Known, unrelated defect (issue 13 report): on some machines a tiny training run turns NaN
    // at random (more often with two PyTorch threads or a small heap). That is not what this
    // test checks, so it is reported as aborted, naming the defect, rather than failed.
    Assumptions.assumeFalse(
        output().contains("NaN or infinite"),
        "a training run turned NaN (the known random-NaN defect), not an interrupt problem: "
            + output());
    return process.exitValue();
  }

  /** {@return the lines so far, one string} */
  synchronized String output() {
    return String.join("\n", lines);
  }
}

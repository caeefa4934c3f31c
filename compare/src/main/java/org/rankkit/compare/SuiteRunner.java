package org.rankkit.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a planned suite: one run at a time, a progress line per run, {@code results.json}, {@code
 * report.md} and the charts rewritten after every finished run (so a crash or Ctrl-C keeps them),
 * and finished runs of an earlier invocation skipped on resume.
 *
 * <p>Interrupts: {@link #requestStop()} (Ctrl-C) stops the run in progress at its next safe point
 * (a training run writes its checkpoint) and starts no further run; {@link #run} then returns and
 * {@link #interrupted()} is true. Every output file is written atomically, and the set of them is
 * rewritten under a lock that {@link #awaitOutputs} waits for, so a process that exits on Ctrl-C
 * leaves results, report and charts of the same finished runs.
 */
public final class SuiteRunner {

  private final RunExecutor executor;
  private final PrintWriter out;
  private final ReentrantLock writing = new ReentrantLock();
  private volatile boolean stopRequested;
  private volatile boolean interrupted;

  /**
   * Creates a runner.
   *
   * @param executor trains or evaluates one run
   * @param out where progress lines and the final table go
   */
  public SuiteRunner(RunExecutor executor, PrintWriter out) {
    this.executor = executor;
    this.out = out;
  }

  /**
   * Asks the suite to stop: the run in progress stops at its next safe point and no other run
   * starts. Thread-safe (called from a shutdown hook on Ctrl-C).
   */
  public void requestStop() {
    stopRequested = true;
    executor.requestStop();
  }

  /** {@return whether {@link #requestStop()} was called} */
  public boolean stopRequested() {
    return stopRequested;
  }

  /** {@return whether the last {@link #run} stopped early because of {@link #requestStop()}} */
  public boolean interrupted() {
    return interrupted;
  }

  /**
   * Waits until no output file is being rewritten (at most {@code seconds}), so that a process
   * exiting on Ctrl-C leaves a consistent set of outputs.
   *
   * @param seconds the longest wait
   */
  public void awaitOutputs(long seconds) {
    try {
      if (writing.tryLock(seconds, TimeUnit.SECONDS)) {
        writing.unlock();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs the plan.
   *
   * @param suiteInfo the {@code suite} object of results.json (shared settings and options)
   * @param plan the runs
   * @param directory output directory
   * @param resume whether to keep the finished runs found in {@code directory}
   * @return every finished run, in plan order (only those before the stop when {@link
   *     #interrupted()})
   * @throws IllegalArgumentException when {@code directory} already holds {@code results.json} and
   *     {@code resume} is false
   * @throws Exception when a run fails (finished runs are already saved)
   */
  public List<RunRecord> run(
      Map<String, Object> suiteInfo, List<PlannedRun> plan, Path directory, boolean resume)
      throws Exception {
    interrupted = false;
    Files.createDirectories(directory);
    AtomicFiles.deleteLeftovers(directory);
    Map<String, RunOutcome> finished =
        resume ? ResultsFile.readFinished(directory) : new LinkedHashMap<>();
    if (!resume && Files.exists(directory.resolve(ResultsFile.NAME))) {
      throw new IllegalArgumentException(
          directory
              + " already holds "
              + ResultsFile.NAME
              + ": use --resume to continue it, or"
              + " another --out");
    }
    String sweepKey = plan.isEmpty() ? null : plan.get(0).sweepKey();
    List<RunRecord> records = new ArrayList<>();
    int index = 0;
    for (PlannedRun p : plan) {
      index++;
      String label =
          String.format(
              Locale.ROOT,
              "[%d/%d] %s (seed %d%s)",
              index,
              plan.size(),
              p.run().name(),
              p.seed(),
              p.sweepKey() == null ? "" : ", " + p.sweepKey() + "=" + p.sweepValue());
      RunOutcome outcome = finished.get(p.key());
      if (outcome != null) {
        out.println(label + ": already finished, skipped (--resume)");
      } else {
        if (stopRequested) {
          interrupted = true;
          out.flush();
          return records;
        }
        out.println(label + ": running...");
        out.flush();
        long start = System.nanoTime();
        try {
          outcome = executor.execute(p, directory.resolve("runs").resolve(p.directoryName()));
        } catch (RunInterruptedException e) {
          out.println(label + ": interrupted; its checkpoint is kept");
          out.flush();
          interrupted = true;
          return records;
        }
        Double r1 = outcome.finalEvaluation().metrics().get(Report.RANK_BY);
        out.println(
            String.format(
                Locale.ROOT,
                "%s: done in %.0f s, %s = %s",
                label,
                (System.nanoTime() - start) / 1e9,
                Report.RANK_BY,
                r1 != null ? String.format(Locale.ROOT, "%.4f", r1) : "?"));
      }
      out.flush();
      records.add(new RunRecord(p, outcome));
      writing.lock();
      try {
        writeOutputs(directory, suiteInfo, records, sweepKey);
      } finally {
        writing.unlock();
      }
    }
    out.println();
    out.print(Report.text(Report.rows(Summary.of(records))));
    out.println();
    out.println("results: " + directory.resolve(ResultsFile.NAME));
    out.println("report:  " + directory.resolve("report.md"));
    out.flush();
    return records;
  }

  private static void writeOutputs(
      Path directory, Map<String, Object> suiteInfo, List<RunRecord> records, String sweepKey)
      throws IOException {
    ResultsFile.write(directory, suiteInfo, records);
    List<Summary> summaries = Summary.of(records);
    List<String> charts = Charts.writeAll(directory, records, summaries, sweepKey);
    AtomicFiles.writeString(
        directory.resolve("report.md"),
        Report.document(suiteInfo, summaries, charts)
            + RetrievalSection.markdown(directory, records, summaries));
  }
}

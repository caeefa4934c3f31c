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

/**
 * Runs a planned suite: one run at a time, a progress line per run, {@code results.json},
 * {@code report.md} and the charts rewritten after every finished run (so a crash or Ctrl-C keeps
 * them), and finished runs of an earlier invocation skipped on resume.
 */
public final class SuiteRunner {

  private final RunExecutor executor;
  private final PrintWriter out;

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
   * Runs the plan.
   *
   * @param suiteInfo the {@code suite} object of results.json (shared settings and options)
   * @param plan the runs
   * @param directory output directory
   * @param resume whether to keep the finished runs found in {@code directory}
   * @return every finished run, in plan order
   * @throws IllegalArgumentException when {@code directory} already holds {@code results.json} and
   *     {@code resume} is false
   * @throws Exception when a run fails (finished runs are already saved)
   */
  public List<RunRecord> run(
      Map<String, Object> suiteInfo, List<PlannedRun> plan, Path directory, boolean resume)
      throws Exception {
    Files.createDirectories(directory);
    Map<String, RunOutcome> finished =
        resume ? ResultsFile.readFinished(directory) : new LinkedHashMap<>();
    if (!resume && Files.exists(directory.resolve(ResultsFile.NAME))) {
      throw new IllegalArgumentException(
          directory + " already holds " + ResultsFile.NAME + ": use --resume to continue it, or"
              + " another --out");
    }
    String sweepKey = plan.isEmpty() ? null : plan.get(0).sweepKey();
    List<RunRecord> records = new ArrayList<>();
    int index = 0;
    for (PlannedRun p : plan) {
      index++;
      String label =
          String.format(Locale.ROOT, "[%d/%d] %s (seed %d%s)", index, plan.size(), p.run().name(),
              p.seed(), p.sweepKey() == null ? "" : ", " + p.sweepKey() + "=" + p.sweepValue());
      RunOutcome outcome = finished.get(p.key());
      if (outcome != null) {
        out.println(label + ": already finished, skipped (--resume)");
      } else {
        out.println(label + ": running...");
        out.flush();
        long start = System.nanoTime();
        outcome = executor.execute(p, directory.resolve("runs").resolve(p.directoryName()));
        Object r1 = outcome.finalMetrics().get(Report.RANK_BY);
        out.println(
            String.format(Locale.ROOT, "%s: done in %.0f s, %s = %s", label,
                (System.nanoTime() - start) / 1e9, Report.RANK_BY,
                r1 instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : "?"));
      }
      out.flush();
      records.add(new RunRecord(p, outcome));
      writeOutputs(directory, suiteInfo, records, sweepKey);
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
    Files.writeString(directory.resolve("report.md"),
        Report.document(suiteInfo, summaries, charts) + RetrievalSection.markdown(directory, records, summaries));
  }
}

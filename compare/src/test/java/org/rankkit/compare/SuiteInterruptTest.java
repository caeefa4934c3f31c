package org.rankkit.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rankkit.trainer.EpochRecord;

/**
 * Interrupting a suite at chosen moments (injected, not timed): between runs, during a run (the run
 * keeps a checkpoint that resume continues from) and during a chart write (simulating a process
 * that dies mid-write). After each, every output file is whole, and {@code --resume} ends with the
 * results of an uninterrupted suite.
 */
class SuiteInterruptTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Simulates the JVM halting: nothing after it runs. */
  static final class Halt extends Error {
    private static final long serialVersionUID = 1L;
  }

  /**
   * A deterministic executor with checkpoints: each run has 3 "epochs"; a stop request ends the run
   * after the current epoch, with its progress saved in its directory, and the next execution
   * continues from there.
   */
  static final class CheckpointingExecutor implements RunExecutor {
    final List<String> epochsRun = new ArrayList<>();
    volatile boolean stop;
    SuiteRunner runner;
    String stopAfter; // "<run key>#<epoch>": request a stop (as Ctrl-C would) at that moment

    @Override
    public RunOutcome execute(PlannedRun run, Path dir) throws Exception {
      Files.createDirectories(dir);
      Path ckpt = dir.resolve("last.ckpt");
      int done = Files.exists(ckpt) ? Integer.parseInt(Files.readString(ckpt)) : 0;
      List<EpochRecord> history = new ArrayList<>();
      for (int e = 1; e <= 3; e++) {
        double loss = 1.0 / (e + run.run().name().length());
        if (e > done) {
          if (stop) {
            throw new RunInterruptedException(run.run().name());
          }
          epochsRun.add(run.key() + "#" + e);
          Files.writeString(ckpt, Integer.toString(e));
          if ((run.key() + "#" + e).equals(stopAfter)) {
            runner.requestStop();
          }
        }
        history.add(Evaluations.epoch(e, loss, 0.5 + 0.01 * e));
      }
      double r1 = 0.5 + 0.001 * run.run().name().length() + 0.0001 * run.seed();
      return new RunOutcome(
          Map.of("loss", String.valueOf(run.run().loss())),
          Evaluations.of(10, 0.0, "recall@1", r1, "recall@2", r1 + 0.1),
          history,
          1.0,
          1L << 20);
    }

    @Override
    public void requestStop() {
      stop = true;
    }
  }

  private static final Suite SUITE =
      new Suite(
          "tiny",
          Map.of(),
          Map.of(),
          List.of(
              new SuiteRun("floor", SuiteRun.RAW_PIXELS, null, null, null, null),
              new SuiteRun("alpha", null, "recall-at-k", null, null, null),
              new SuiteRun("beta", null, "fast-ap", null, null, null)));

  private static final Map<String, Object> INFO = Map.of("name", "tiny");

  @AfterEach
  void noHook() {
    AtomicFiles.beforeRename = (t, f) -> {};
  }

  private static List<PlannedRun> plan() {
    return SuitePlan.expand(SUITE, false, Map.of(), 1, null);
  }

  private static JsonNode runs(Path dir) throws Exception {
    JsonNode root = JSON.readTree(dir.resolve(ResultsFile.NAME).toFile());
    List<JsonNode> kept = new ArrayList<>();
    for (JsonNode run : root.get("runs")) {
      kept.add(
          JSON.createObjectNode()
              .setAll(
                  Map.of(
                      "key",
                      run.get("key"),
                      "final",
                      run.get("final"),
                      "history",
                      run.get("history"),
                      "config",
                      run.get("config"))));
    }
    return JSON.valueToTree(kept);
  }

  private static Path uninterrupted(Path root) throws Exception {
    Path dir = root.resolve("straight");
    CheckpointingExecutor executor = new CheckpointingExecutor();
    SuiteRunner runner = new SuiteRunner(executor, new PrintWriter(new StringWriter()));
    runner.run(INFO, plan(), dir, false);
    assertThat(runner.interrupted()).isFalse();
    return dir;
  }

  /**
   * Every output present is complete: JSON parses, PNGs decode, no temporary files remain visible.
   */
  private static void outputsAreWhole(Path dir) throws Exception {
    JSON.readTree(dir.resolve(ResultsFile.NAME).toFile());
    assertThat(Files.readString(dir.resolve("report.md"))).contains("| # | run |");
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.toString().endsWith(".png")) {
          assertThat(ImageIO.read(f.toFile())).as(f.toString()).isNotNull();
        }
      }
    }
  }

  private static void resumeAndCompare(Path dir, Path straight, CheckpointingExecutor executor)
      throws Exception {
    executor.stop = false;
    executor.stopAfter = null;
    SuiteRunner runner = new SuiteRunner(executor, new PrintWriter(new StringWriter()));
    executor.runner = runner;
    runner.run(INFO, plan(), dir, true);
    assertThat(runner.interrupted()).isFalse();
    assertThat(runs(dir)).isEqualTo(runs(straight));
    assertThat(Files.readString(dir.resolve("report.md")))
        .isEqualTo(Files.readString(straight.resolve("report.md")));
    outputsAreWhole(dir);
  }

  @Test
  void aStopBetweenRunsOrDuringARunResumesToTheUninterruptedResults(@TempDir Path root)
      throws Exception {
    Path straight = uninterrupted(root);
    // after the last epoch of run 2 (between runs), and after epoch 2 of run 2 (during a run)
    for (String moment : List.of("alpha-seed0#3", "alpha-seed0#2", "beta-seed0#1")) {
      Path dir = root.resolve(moment.replace('#', '-'));
      CheckpointingExecutor executor = new CheckpointingExecutor();
      SuiteRunner runner = new SuiteRunner(executor, new PrintWriter(new StringWriter()));
      executor.runner = runner;
      executor.stopAfter =
          moment
              .replace("alpha-seed0", plan().get(1).key())
              .replace("beta-seed0", plan().get(2).key());
      List<RunRecord> partial = runner.run(INFO, plan(), dir, false);
      assertThat(runner.interrupted()).as(moment).isTrue();
      outputsAreWhole(dir);
      int epochsBefore = executor.epochsRun.size();
      resumeAndCompare(dir, straight, executor);
      // nothing was trained twice: every (run, epoch) ran exactly once over both invocations
      assertThat(executor.epochsRun).doesNotHaveDuplicates().hasSize(9);
      assertThat(epochsBefore).isLessThan(9);
      assertThat(partial.size()).isLessThan(3);
    }
  }

  @Test
  void aProcessThatDiesDuringAChartWriteLeavesWholeFilesAndResumes(@TempDir Path root)
      throws Exception {
    Path straight = uninterrupted(root);
    for (String chart :
        List.of("recall-at-k.png", "training-loss.png", "report.md", ResultsFile.NAME)) {
      Path dir = root.resolve("halt-" + chart);
      CheckpointingExecutor executor = new CheckpointingExecutor();
      SuiteRunner runner = new SuiteRunner(executor, new PrintWriter(new StringWriter()));
      executor.runner = runner;
      int[] writes = {0};
      AtomicFiles.beforeRename =
          (temporary, target) -> {
            // the second run's outputs: the temporary file is complete, the rename has not happened
            if (target.getFileName().toString().equals(chart) && ++writes[0] == 2) {
              throw new Halt();
            }
          };
      assertThatThrownBy(() -> runner.run(INFO, plan(), dir, false)).isInstanceOf(Halt.class);
      AtomicFiles.beforeRename = (t, f) -> {};
      outputsAreWhole(dir);
      // the file being written still holds its previous (first-run) version
      assertThat(JSON.readTree(dir.resolve(ResultsFile.NAME).toFile()).get("runs").size())
          .isEqualTo(chart.equals(ResultsFile.NAME) ? 1 : 2);
      resumeAndCompare(dir, straight, executor);
    }
  }

  @Test
  void resumeChecksTheInvocationAndAMissingDirectoryIsAnError(@TempDir Path root) throws Exception {
    SuiteInvocation made = new SuiteInvocation(SUITE, true, 1, null, Map.of("lr", "0.5"));
    made.write(root);
    SuiteInvocation read = SuiteInvocation.read(root);
    assertThat(read).isEqualTo(made);
    assertThat(read.differences(made)).isEmpty();
    SuiteInvocation dropped = new SuiteInvocation(SUITE, false, 1, null, Map.of());
    assertThat(made.differences(dropped))
        .containsExactly(
            "--quick: made with it, now without", "--set lr: made with 0.5, now (not set)");
    Suite other =
        new Suite(
            "tiny",
            Map.of(),
            Map.of(),
            List.of(new SuiteRun("alpha", null, "smooth-ap", null, null, null)));
    assertThat(made.differences(new SuiteInvocation(other, true, 1, null, Map.of("lr", "0.5"))))
        .anyMatch(d -> d.startsWith("suite run 'floor': missing"))
        .anyMatch(d -> d.startsWith("suite run 'alpha': made with"));
    assertThatThrownBy(() -> SuiteInvocation.read(root.resolve("typo")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such directory");
    Path empty = Files.createDirectories(root.resolve("empty"));
    assertThatThrownBy(() -> SuiteInvocation.read(empty))
        .hasMessageContaining("not a comparison directory");
    Files.writeString(root.resolve(SuiteInvocation.NAME), "{\"suite\": 3}");
    assertThatThrownBy(() -> SuiteInvocation.read(root)).hasMessageContaining("is damaged");
  }
}

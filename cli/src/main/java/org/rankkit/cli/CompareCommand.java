package org.rankkit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.compare.PlannedRun;
import org.rankkit.compare.ResultsFile;
import org.rankkit.compare.Suite;
import org.rankkit.compare.SuiteInvocation;
import org.rankkit.compare.SuitePlan;
import org.rankkit.compare.SuiteRunner;
import org.rankkit.compare.TrainingRunExecutor;
import org.rankkit.data.Dataset;
import org.rankkit.trainer.config.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit compare}: a reproducible head-to-head suite with a report. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Train every run of a suite under identical settings (only loss, augmentation and batch"
          + " strategy differ), evaluate them and write results.json, report.md and PNG charts.",
      "Default suite: contrastive, fast-ap, smooth-ap, recall-at-k and recall-at-k + simix with the"
          + " memory-bounded strategy on glyphs (open set: 1,000 training classes, 1,000 unseen test"
          + " classes, batches of 50 classes x 4), plus the raw-pixel floor. Fashion-MNIST: --suite"
          + " suites/fashion-mnist.yaml."
    })
final class CompareCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--suite",
      paramLabel = "FILE",
      description = "Suite file (YAML or JSON); default: the built-in suite.")
  private Path suiteFile;

  @Option(
      names = "--quick",
      description = "Apply the suite's quick overrides (fewer epochs and items).")
  private boolean quick;

  @Option(
      names = "--seeds",
      paramLabel = "N",
      description = "Seeds per run; reports mean ± std (default: 1).")
  private Integer seeds;

  @Option(
      names = "--sweep",
      paramLabel = "KEY=V1,V2,...",
      description = "Run the suite for each value of one setting, e.g. batch=64,256,1024.")
  private String sweep;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override a shared setting for every run (repeatable).")
  private Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset directory (same as --set data=DIR).")
  private Path data;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Output directory (default: runs/compare-<timestamp>).")
  private Path out;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description =
          "Continue an interrupted comparison in DIR with the suite, flags and settings it was made with: finished runs are kept, an interrupted run continues from its checkpoint. Other options given with it must match (else an error lists the differences).")
  private Path resume;

  @Override
  public Integer call() throws Exception {
    PrintWriter console = context.out();
    if (resume != null && out != null && !resume.equals(out)) {
      throw new IllegalArgumentException("give either --out or --resume DIR, not both");
    }
    SuiteInvocation invocation;
    Path directory;
    if (resume != null) {
      directory = resume;
      SuiteInvocation saved = SuiteInvocation.read(resume);
      boolean flagsGiven =
          suiteFile != null
              || quick
              || seeds != null
              || sweep != null
              || !overrides.isEmpty()
              || data != null;
      if (flagsGiven) {
        List<String> differences = saved.differences(fromFlags());
        if (!differences.isEmpty()) {
          throw new IllegalArgumentException(
              "--resume "
                  + resume
                  + " was made with other settings: "
                  + String.join("; ", differences)
                  + " (give --resume DIR alone to continue it as it was made, or start a new"
                  + " comparison with another --out)");
        }
      }
      invocation = saved;
    } else {
      invocation = fromFlags();
      directory = out != null ? out : OutputDirectory.timestamped("compare");
      if (Files.exists(directory.resolve(SuiteInvocation.NAME))
          || Files.exists(directory.resolve(ResultsFile.NAME))) {
        throw new IllegalArgumentException(
            directory
                + " already holds a comparison; continue it with: rankkit compare --resume "
                + directory
                + " (or choose another --out)");
      }
    }
    Suite suite = invocation.suite();
    SuitePlan.Sweep parsedSweep =
        invocation.sweep() == null ? null : SuitePlan.Sweep.parse(invocation.sweep());
    List<PlannedRun> plan =
        SuitePlan.expand(
            suite, invocation.quick(), invocation.settings(), invocation.seeds(), parsedSweep);
    PluginRegistry registry = context.registry();
    TrainingRunExecutor executor = new TrainingRunExecutor(registry, console);
    executor.validate(plan);
    for (PlannedRun p : plan) { // an unknown dataset fails before anything trains
      registry.factory(Dataset.KIND, TrainingConfig.fromMap(p.settings()).dataset());
    }
    OutputDirectory.prepare(directory, resume != null ? "--resume" : "--out");
    if (resume == null) {
      invocation.write(directory);
    }

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("name", suite.name());
    // every shared setting, defaults included, resolved by the trainer's configuration
    Map<String, Object> shared =
        new LinkedHashMap<>(TrainingConfig.fromMap(plan.get(0).settings()).toMap());
    shared.keySet().removeAll(List.of("loss", "augment", "seed"));
    shared.keySet().removeIf(k -> k.startsWith("loss.") || k.startsWith("augment."));
    info.put("settings", shared);
    info.put("quick", invocation.quick());
    info.put("seeds", invocation.seeds());
    if (parsedSweep != null) {
      info.put("sweep", Map.of("key", parsedSweep.key(), "values", parsedSweep.values()));
    }
    info.put("losses", registry.ids(PluginKind.LOSS));
    info.put("machine", machine());
    console.printf(
        "rankkit compare: suite '%s', %d runs%s, output %s%s%n",
        suite.name(),
        plan.size(),
        invocation.quick() ? " (quick)" : "",
        directory,
        resume != null ? " (resuming)" : "");
    console.flush();
    SuiteRunner runner = new SuiteRunner(executor, console);
    String howToResume =
        "Interrupted: finished runs are saved in "
            + directory
            + " and the run in progress"
            + " keeps its checkpoint. Continue with: rankkit compare --resume "
            + directory;
    // Ctrl-C: the hook asks the suite to stop and waits for its outputs while the training run's
    // own hook waits for its checkpoint
    try (ResumeNotice notice =
        ResumeNotice.register(
            console,
            howToResume,
            () -> {
              runner.requestStop();
              runner.awaitOutputs(60);
            })) {
      try {
        runner.run(info, plan, directory, resume != null);
      } catch (Exception e) {
        if (!runner.stopRequested()) {
          throw e;
        }
        // the JVM's shutdown can fail an output write under way (finished runs are saved): the
        // way to continue still holds
        console.println("stopping: " + e.getMessage());
        notice.tell();
        return 130;
      }
      if (runner.interrupted()) {
        notice.tell();
        return 130;
      }
    }
    return 0;
  }

  /** The invocation that this command line's flags describe. */
  private SuiteInvocation fromFlags() throws java.io.IOException {
    Suite suite = suiteFile == null ? Suite.defaultSuite() : Suite.read(suiteFile);
    Map<String, String> settings = new LinkedHashMap<>(overrides);
    if (data != null) {
      settings.put("data", data.toString());
    }
    return new SuiteInvocation(suite, quick, seeds == null ? 1 : seeds, sweep, settings);
  }

  private static String machine() {
    List<String> parts = new ArrayList<>();
    parts.add(Runtime.getRuntime().availableProcessors() + " cores");
    parts.add(Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB max heap");
    parts.add(System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    parts.add("Java " + System.getProperty("java.version"));
    return String.join(", ", parts);
  }
}

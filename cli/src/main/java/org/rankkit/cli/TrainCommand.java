package org.rankkit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.compare.TextTable;
import org.rankkit.data.Dataset;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.BestEvaluation;
import org.rankkit.trainer.TrainingListener;
import org.rankkit.trainer.TrainingProgress;
import org.rankkit.trainer.TrainingResult;
import org.rankkit.trainer.TrainingRun;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.run.RunPlugins;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rankkit train}: trains an embedding model with any discovered loss plugin. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train an embedding model (backbone + linear head + L2 normalisation) with a ranking loss,"
          + " evaluate it on the held-out split, and write checkpoints, metrics.jsonl and"
          + " result.json to the run directory.",
      "Settings come from the defaults, then --config FILE, then the options below, then --set"
          + " (later wins). Ctrl-C writes a checkpoint; --resume DIR continues from it."
    })
final class TrainCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--loss",
      paramLabel = "ID",
      description = "Ranking-loss plugin id (required unless --config or --resume gives it).")
  private String loss;

  @Option(
      names = "--strategy",
      paramLabel = "ID",
      description = "Batch-strategy plugin id (plain, memory-bounded, ...).")
  private String strategy;

  @Option(
      names = "--augment",
      paramLabel = "ID",
      description = "Similarity-augmentation plugin id, e.g. simix (repeatable, applied in order).")
  private List<String> augment = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "YAML or JSON file with configuration keys.")
  private Path configFile;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set a configuration key (repeatable); see the key table below.")
  private Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--dataset",
      paramLabel = "NAME",
      description = "fashion-mnist (default), glyphs, sop, cub, inat, vehicleid, folder or csv.")
  private String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "Dataset directory (csv: the file).")
  private Path data;

  @Option(names = "--epochs", paramLabel = "N", description = "Training epochs.")
  private Integer epochs;

  @Option(names = "--batch", paramLabel = "B", description = "Batch size.")
  private Integer batch;

  @Option(
      names = "--per-class",
      paramLabel = "M",
      description = "Items per class in a batch (0 = auto).")
  private Integer perClass;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Run directory (default: runs/train-<timestamp>).")
  private Path out;

  @Option(
      names = "--resume",
      paramLabel = "DIR",
      description = "Continue the run in DIR from its last checkpoint (its configuration is used).")
  private Path resume;

  @CommandLine.Spec
  void spec(CommandLine.Model.CommandSpec spec) {
    spec.usageMessage()
        .footer(
            "%nConfiguration keys (--set KEY=VALUE or --config FILE):%n"
                + TrainingConfig.describeKeys().replace("%", "%%"));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter console = context.out();
    TrainingRun run;
    if (resume != null) {
      if (loss != null
          || strategy != null
          || !augment.isEmpty()
          || configFile != null
          || !sets.isEmpty()
          || dataset != null
          || data != null
          || epochs != null
          || batch != null
          || perClass != null
          || out != null) {
        throw new IllegalArgumentException(
            "--resume DIR continues a run with its saved configuration; give no other options");
      }
      run = TrainingRun.resume(resume, context.registry());
    } else {
      Map<String, Object> values =
          LayeredSettings.fromFile(configFile)
              .option("loss", loss)
              .option("strategy", strategy)
              .option("augment", augment.isEmpty() ? null : List.copyOf(augment))
              .option("dataset", dataset)
              .option("data", data)
              .option("epochs", epochs)
              .option("batch", batch)
              .option("perClass", perClass)
              .thenSets(sets);
      if (!values.containsKey("loss")) {
        throw new IllegalArgumentException(
            "--loss ID is required (ids: "
                + String.join(", ", context.registry().ids(org.rankkit.api.plugin.PluginKind.LOSS))
                + ")");
      }
      TrainingConfig config = configOf(values, configFile);
      RunPlugins.resolve(config, context.registry()); // unknown ids/parameters fail here
      context
          .registry()
          .factory(Dataset.KIND, config.dataset()); // an unknown dataset fails here too
      Path dir = out != null ? out : OutputDirectory.timestamped("train");
      OutputDirectory.prepare(dir, "--out");
      run = TrainingRun.create(config, context.registry(), dir);
    }
    TrainingListener printConfig =
        new TrainingListener() {
          @Override
          public void onStart(TrainingRun r, int stepsPerEpoch) {
            console.println(
                (resume != null ? "Resuming " : "Training in ")
                    + r.runDir()
                    + " with the resolved configuration:");
            r.resolvedConfig().forEach((k, v) -> console.println("  " + k + " = " + v));
            console.println("  (" + stepsPerEpoch + " steps per epoch)");
            console.flush();
          }
        };
    // Ctrl-C: the training run's own hook waits for its checkpoint; this one keeps the JVM up
    // until the message below is printed
    try (ResumeNotice notice =
        ResumeNotice.register(
            console,
            "Interrupted; checkpoint written. Continue with: rankkit train --resume "
                + run.runDir(),
            () -> {})) {
      TrainingResult result =
          run.execute(TrainingListener.all(printConfig, TrainingProgress.auto()));
      if (result.interrupted()) {
        notice.tell();
        return 130;
      }
      return report(console, result);
    }
  }

  private int report(PrintWriter console, TrainingResult result) {
    List<String[]> table = new ArrayList<>();
    table.add(new String[] {"METRIC", "FINAL", "BEST"});
    Map<String, Object> best = result.best().map(b -> b.evaluation().toJson()).orElse(Map.of());
    for (Map.Entry<String, Object> e :
        result.finalEvaluation().map(EvaluationResult::toJson).orElse(Map.of()).entrySet()) {
      Object bestValue = best.get(e.getKey());
      table.add(
          new String[] {
            e.getKey(), format(e.getValue()), bestValue == null ? "" : format(bestValue)
          });
    }
    console.print(TextTable.render(table));
    console.printf(
        Locale.ROOT,
        "best %s at epoch %s; trained %.1f s; peak memory %.0f MiB%n",
        result.best().map(BestEvaluation::metricKey).orElse(null),
        result.best().map(BestEvaluation::epoch).orElse(null),
        result.trainSeconds(),
        result.peakMemoryBytes() / 1048576.0);
    console.println("Result: " + result.runDir().resolve("result.json"));
    console.flush();
    return 0;
  }

  /**
   * The configuration of the merged settings; an error names the configuration file when one was
   * given (the bad value may come from it).
   *
   * @param values defaults overridden by the file and the options
   * @param configFile the {@code --config} file, or null
   * @return the validated configuration
   */
  static TrainingConfig configOf(Map<String, Object> values, Path configFile) {
    try {
      return TrainingConfig.fromMap(values);
    } catch (IllegalArgumentException e) {
      if (configFile == null) {
        throw e;
      }
      throw new IllegalArgumentException(
          e.getMessage() + " (settings from " + configFile + " and the command line)", e);
    }
  }

  private static String format(Object value) {
    return value instanceof Double d
        ? String.format(Locale.ROOT, "%.4f", d)
        : String.valueOf(value);
  }
}

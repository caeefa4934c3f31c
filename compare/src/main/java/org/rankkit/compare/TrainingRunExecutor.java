package org.rankkit.compare;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.ProcessMemory;
import org.rankkit.data.ImageSet;
import org.rankkit.data.RetrievalSplits;
import org.rankkit.eval.EvalConfig;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.EvaluationStoppedException;
import org.rankkit.eval.RetrievalEvaluator;
import org.rankkit.eval.metric.RecallAtK;
import org.rankkit.trainer.Checkpoint;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.TrainingListener;
import org.rankkit.trainer.TrainingResult;
import org.rankkit.trainer.TrainingRun;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.outputs.RunOutputs;
import org.rankkit.trainer.run.Devices;
import org.rankkit.trainer.run.RunData;
import org.rankkit.trainer.run.RunPlugins;

/**
 * Runs suite entries with the common trainer ({@link TrainingRun}), every plugin taken from the
 * registry by id; the raw-pixel floor evaluates the centred pixels of the evaluation split with the
 * same evaluation settings. Each run's peak memory is the process's peak resident set size from the
 * run's start ({@link ProcessMemory#resetPeak()} before it), so runs earlier in the same process do
 * not inflate it; memory the JVM and the native allocator kept from them still counts.
 */
public final class TrainingRunExecutor implements RunExecutor {

  /** The metric of the progress line after each epoch. */
  private static final String RECALL_AT_1 = RecallAtK.key(1);

  private final PluginRegistry registry;
  private final PrintWriter progress;
  private boolean warnedNoReset;
  private volatile boolean stopRequested;
  private volatile TrainingRun current;

  /**
   * Creates the executor.
   *
   * @param registry where losses, augmentations and batch strategies come from
   * @param progress where a line per epoch goes
   */
  public TrainingRunExecutor(PluginRegistry registry, PrintWriter progress) {
    this.registry = registry;
    this.progress = progress;
  }

  /**
   * Validates every planned run's configuration and plugins before anything trains.
   *
   * @param plan the runs
   * @throws IllegalArgumentException naming the run and the problem
   */
  public void validate(List<PlannedRun> plan) {
    for (PlannedRun p : plan) {
      try {
        TrainingConfig config = TrainingConfig.fromMap(p.settings());
        if (p.run().trains()) {
          RunPlugins.resolve(config, registry);
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("run '" + p.run().name() + "': " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void requestStop() {
    stopRequested = true;
    TrainingRun running = current;
    if (running != null) {
      running.requestStop();
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>A run directory that holds a checkpoint ({@code last.ckpt}, left by an interrupted or
   * crashed earlier invocation) is continued from it, after checking that the checkpoint was made
   * with this run's configuration; a finished checkpoint only re-creates the run's result.
   */
  @Override
  public RunOutcome execute(PlannedRun run, Path runDirectory)
      throws IOException, RunInterruptedException {
    if (stopRequested) {
      throw new RunInterruptedException(run.run().name());
    }
    TrainingConfig config = TrainingConfig.fromMap(run.settings());
    // runs share this process: measure each run's peak from its own start
    System.gc();
    if (!ProcessMemory.resetPeak() && !warnedNoReset) {
      warnedNoReset = true;
      progress.println(
          "    note: cannot reset the peak resident set size (/proc/self/clear_refs); each run's"
              + " peak memory includes the runs before it");
      progress.flush();
    }
    if (!run.run().trains()) {
      return rawPixels(run, config, runDirectory);
    }
    Files.createDirectories(runDirectory);
    TrainingRun training;
    if (Files.exists(runDirectory.resolve(Checkpoint.LAST))) {
      training = TrainingRun.resume(runDirectory, registry);
      Map<String, Object> saved = training.config().toMap();
      Map<String, Object> planned = config.toMap();
      if (!saved.equals(planned)) {
        List<String> keys = new ArrayList<>();
        for (String k : new java.util.TreeSet<>(union(saved.keySet(), planned.keySet()))) {
          if (!java.util.Objects.equals(saved.get(k), planned.get(k))) {
            keys.add(k + " (checkpoint " + saved.get(k) + ", now " + planned.get(k) + ")");
          }
        }
        throw new IllegalArgumentException(
            runDirectory
                + " holds a checkpoint of run '"
                + run.run().name()
                + "' made with other"
                + " settings: "
                + String.join(", ", keys)
                + "; resume with the settings it was made"
                + " with, or start a new comparison with another --out");
      }
      progress.println(
          "    continuing from its checkpoint (" + runDirectory.resolve(Checkpoint.LAST) + ")");
      progress.flush();
    } else {
      training = TrainingRun.create(config, registry, runDirectory);
    }
    current = training;
    if (stopRequested) {
      training.requestStop();
    }
    TrainingResult result;
    try {
      result =
          training.execute(
              new TrainingListener() {
                @Override
                public void onEpochEnd(EpochRecord record) {
                  StringBuilder line =
                      new StringBuilder(
                          String.format(
                              Locale.ROOT,
                              "    epoch %d: loss %.4f, %.0f s",
                              record.epoch(),
                              record.loss(),
                              record.seconds()));
                  Double r1 =
                      record.evaluation().map(e -> e.metrics().get(RECALL_AT_1)).orElse(null);
                  if (r1 != null) {
                    line.append(String.format(Locale.ROOT, ", %s %.4f", RECALL_AT_1, r1));
                  }
                  progress.println(line);
                  progress.flush();
                }
              });
    } finally {
      current = null;
    }
    if (result.interrupted()) {
      throw new RunInterruptedException(run.run().name());
    }
    EvaluationResult finalEvaluation =
        result
            .finalEvaluation()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "run '" + run.run().name() + "' finished without a final evaluation"));
    return new RunOutcome(
        result.config(),
        finalEvaluation,
        result.history(),
        result.trainSeconds(),
        result.peakMemoryBytes());
  }

  private static java.util.Set<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
    all.addAll(b);
    return all;
  }

  private RunOutcome rawPixels(PlannedRun run, TrainingConfig config, Path runDirectory)
      throws RunInterruptedException, IOException {
    RetrievalSplits splits = RunData.open(config);
    EvalConfig evalConfig = EvalConfig.defaults().withKs(config.evalKs());
    RetrievalEvaluator evaluator = new RetrievalEvaluator(() -> stopRequested);
    EvaluationResult result;
    try (NDManager manager = NDManager.newBaseManager(Devices.resolve(config.device()))) {
      float[] mean = pixelMean(splits.query());
      NDArray queries = centred(manager, splits.query(), mean);
      NDArray gallery = splits.leaveOneOut() ? null : centred(manager, splits.gallery(), mean);
      if (splits.leaveOneOut()) {
        result = evaluator.leaveOneOut(queries, splits.query().labels(), evalConfig);
      } else {
        result =
            evaluator.queryGallery(
                queries, splits.query().labels(), gallery, splits.gallery().labels(), evalConfig);
      }
      Files.createDirectories(runDirectory);
      RunOutputs.writePicture(runDirectory, splits.query(), splits.gallery(), queries, gallery);
    } catch (EvaluationStoppedException e) {
      throw new RunInterruptedException(run.run().name());
    }
    Map<String, Object> resolved = new LinkedHashMap<>(config.toMap());
    resolved.put("baseline", SuiteRun.RAW_PIXELS);
    return new RunOutcome(
        resolved, result, List.of(), 0.0, Math.max(0, ProcessMemory.peakResidentBytes()));
  }

  private static float[] pixelMean(ImageSet set) {
    int length = set.itemLength();
    double[] sum = new double[length];
    float[] item = new float[length];
    for (int i = 0; i < set.size(); i++) {
      set.loadInto(i, false, null, item, 0);
      for (int j = 0; j < length; j++) {
        sum[j] += item[j];
      }
    }
    float[] mean = new float[length];
    for (int j = 0; j < length; j++) {
      mean[j] = (float) (sum[j] / Math.max(1, set.size()));
    }
    return mean;
  }

  private static NDArray centred(NDManager manager, ImageSet set, float[] mean) {
    int length = set.itemLength();
    float[] all = new float[Math.multiplyExact(set.size(), length)];
    for (int i = 0; i < set.size(); i++) {
      set.loadInto(i, false, null, all, i * length);
      for (int j = 0; j < length; j++) {
        all[i * length + j] -= mean[j];
      }
    }
    return manager.create(all, new Shape(set.size(), length));
  }
}

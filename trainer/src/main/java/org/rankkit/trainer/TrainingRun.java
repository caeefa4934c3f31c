package org.rankkit.trainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.trainer.config.TrainingConfig;
import org.rankkit.trainer.outputs.RunOutputs;
import org.rankkit.trainer.run.BatchPrefetcher;
import org.rankkit.trainer.run.CheckpointState;
import org.rankkit.trainer.run.MetricsLog;
import org.rankkit.trainer.run.RunAssembly;
import org.rankkit.trainer.run.RunModel;
import org.rankkit.trainer.run.StepLoop;
import org.rankkit.trainer.run.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: data, embedding model, optimiser, the training loop with checkpoints,
 * evaluation and logs, and {@code result.json}. This class is the entry point: it starts or
 * continues a run and puts together the parts in {@link org.rankkit.trainer.run}.
 *
 * <p>The loss, the similarity augmentations and the batch strategy are created through the {@link
 * PluginRegistry} by id, so a plugin from a jar trains exactly like a built-in one. Everything is
 * checked before training starts ({@link RunAssembly#check}): the configuration, the plugin ids and
 * their parameters, the data and the batch shape.
 *
 * <p>Reproducibility: the engine seed is set before the model is initialised, the sampler's batches
 * are a function of (seed, epoch), and each step's augmentation and image-augmentation generators
 * are seeded from (seed, epoch, step); so a run's only evolving random state is the sampler
 * position, which the checkpoint stores with the parameters and the Adam moments. A run stopped
 * with {@link #requestStop()} (Ctrl-C in the CLI) and continued with {@link #resume} ends with the
 * same weights as an uninterrupted run.
 *
 * <p>Run directory: {@code last.ckpt} (every epoch and on stop), {@code best.ckpt} (best {@code
 * bestMetric}), {@code metrics.jsonl} (one JSON object per step, epoch and evaluation) and, at the
 * end, {@code result.json}. Several runs may execute one after another in a JVM; a run closes every
 * native resource it opened. Not thread-safe, except {@link #requestStop()}.
 */
public final class TrainingRun {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private final TrainingConfig config;
  private final PluginRegistry registry;
  private final Path runDir;
  private final Checkpoint resumeFrom;
  private final CheckpointState startState;
  private final StopSignal stop = new StopSignal();
  private int batchSize;
  private Map<String, Object> resolvedConfig = Map.of();

  private TrainingRun(
      PluginRegistry registry, Path runDir, Checkpoint resumeFrom, CheckpointState startState) {
    this.config = startState.config();
    this.registry = registry;
    this.runDir = runDir;
    this.resumeFrom = resumeFrom;
    this.startState = startState;
  }

  /**
   * Prepares a new run (nothing starts until {@link #execute}).
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @param runDir the run directory (created; must not hold a checkpoint already)
   * @return the run
   * @throws IllegalArgumentException when the directory already holds a run
   */
  public static TrainingRun create(TrainingConfig config, PluginRegistry registry, Path runDir) {
    if (Files.exists(runDir.resolve(Checkpoint.LAST))) {
      throw new IllegalArgumentException(
          runDir
              + " already holds a run ("
              + Checkpoint.LAST
              + "); continue it with --resume "
              + runDir
              + " or choose another --out directory");
    }
    return new TrainingRun(registry, runDir, null, CheckpointState.start(config));
  }

  /**
   * Prepares the continuation of a run from its directory's {@code last.ckpt}; the configuration is
   * the checkpoint's.
   *
   * @param runDir the run directory
   * @param registry where plugins come from
   * @return the run
   * @throws IOException when the checkpoint cannot be read, or holds a state this version does not
   *     read
   */
  public static TrainingRun resume(Path runDir, PluginRegistry registry) throws IOException {
    Path file = runDir.resolve(Checkpoint.LAST);
    Checkpoint checkpoint = Checkpoint.read(file);
    CheckpointState state;
    try {
      state = CheckpointState.fromJson(checkpoint.state());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + " cannot be continued: " + e.getMessage(), e);
    }
    return new TrainingRun(registry, runDir, checkpoint, state);
  }

  /**
   * Trains a new run to the end.
   *
   * @param config the configuration
   * @param registry where plugins come from
   * @param runDir the run directory
   * @param listener progress callbacks (or {@link TrainingListener#NONE})
   * @return the result, also written to {@code runDir/result.json}
   * @throws IOException on an I/O error
   */
  public static TrainingResult run(
      TrainingConfig config, PluginRegistry registry, Path runDir, TrainingListener listener)
      throws IOException {
    return create(config, registry, runDir).execute(listener);
  }

  /** {@return the configuration of the run (for a resumed run, the checkpoint's)} */
  public TrainingConfig config() {
    return config;
  }

  /**
   * {@return the batch size actually used (a multiple of the resolved {@code perClass}); 0 before
   * {@link #execute} has checked the data}
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * {@return the resolved configuration (every key, the plugins' parameters with defaults, the
   * actual batch, perClass and device), as {@code result.json} will hold it; empty before {@link
   * #execute} has checked everything (it is set when listeners get {@code onStart})}
   */
  public Map<String, Object> resolvedConfig() {
    return resolvedConfig;
  }

  /** {@return the run directory} */
  public Path runDir() {
    return runDir;
  }

  /**
   * Asks the run to stop after the current step; it then writes {@code last.ckpt} and returns a
   * result with {@code interrupted = true}. Thread-safe.
   */
  public void requestStop() {
    stop.request();
  }

  /**
   * Runs (or continues) the training to the end, or until {@link #requestStop()}.
   *
   * @param listener progress callbacks
   * @return the result; also written to {@code result.json} unless interrupted
   * @throws IOException on an I/O error (data, checkpoints, logs)
   */
  public TrainingResult execute(TrainingListener listener) throws IOException {
    RunAssembly run = RunAssembly.check(config, registry);
    batchSize = run.shape().batchSize();
    resolvedConfig = run.resolvedConfig();
    Files.createDirectories(runDir);
    LOG.info(
        "data: {} ({} training items, {} steps of {} per epoch)",
        run.splits().description(),
        run.splits().train().size(),
        run.stepsPerEpoch(),
        batchSize);
    try (StopSignal.ExitHook exitHook = stop.exitHook();
        BatchPrefetcher prefetcher = new BatchPrefetcher(run.splits().train(), config);
        RunModel model =
            RunModel.assemble(
                config, run.device(), run.splits().train(), run.stepsPerEpoch(), resumeFrom)) {
      if (resumeFrom != null) {
        LOG.info(
            "resuming {} at epoch {} step {}", runDir, startState.epoch() + 1, startState.step());
      } else {
        Files.deleteIfExists(runDir.resolve(MetricsLog.FILE));
      }
      try (MetricsLog metrics =
          MetricsLog.open(runDir.resolve(MetricsLog.FILE), startState.metricsBytes())) {
        exitHook.install();
        listener.onStart(this, run.stepsPerEpoch());
        StepLoop loop =
            new StepLoop(run, model, prefetcher, metrics, listener, stop, runDir, startState);
        boolean interrupted = loop.run();
        CheckpointState end = loop.state();
        TrainingResult result =
            new TrainingResult(
                runDir,
                resolvedConfig,
                end.finalEvaluation(),
                end.best(),
                end.trainSeconds(),
                end.peakMemoryBytes(),
                end.history(),
                end.initialEvaluation(),
                interrupted);
        if (!interrupted) {
          RunOutputs.write(runDir, model.trainer(), run.splits(), config.evalBatch());
          RunOutputs.writeResult(runDir, result);
          LOG.info(
              "finished: {} = {}; result in {}",
              config.bestMetric(),
              end.finalEvaluation().map(e -> e.metric(config.bestMetric())).orElse(null),
              runDir.resolve(RunOutputs.RESULT));
        } else {
          LOG.info("stopped; checkpoint written, continue with --resume {}", runDir);
        }
        listener.onEnd(result);
        return result;
      }
    }
  }
}

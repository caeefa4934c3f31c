package org.rankkit.trainer.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rankkit.api.step.SimilarityObjective;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;
import org.rankkit.data.ImageSet;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.eval.EvaluationStoppedException;
import org.rankkit.trainer.Checkpoint;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.TrainingListener;
import org.rankkit.trainer.config.TrainingConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop of one run: the evaluation of the untrained model ({@code evalAtStart}), then
 * epoch after epoch the steps (one {@link StepDriver} step per class-balanced batch), the
 * evaluations ({@code evalEvery} and after the last epoch), {@code metrics.jsonl} lines, listener
 * calls and checkpoints ({@code last.ckpt} after every epoch and on a stop, {@code best.ckpt} when
 * the evaluation improves). It continues from the {@link CheckpointState} it is given, and stops
 * after the current step, or inside an evaluation, once its {@link StopSignal} is raised.
 */
public final class StepLoop {

  private static final Logger LOG = LoggerFactory.getLogger(StepLoop.class);

  private final RunAssembly run;
  private final TrainingConfig config;
  private final RunModel model;
  private final Trainer trainer;
  private final BatchPrefetcher prefetcher;
  private final MetricsLog metrics;
  private final TrainingListener listener;
  private final StopSignal stop;
  private final Path runDir;
  private final ImageSet train;
  private final long[] labels;
  private final StepDriver driver;
  private CheckpointState state;

  /**
   * Prepares the loop.
   *
   * @param run the checked run (configuration, plugins, data, sampler, evaluation settings)
   * @param model the model and optimiser, initialised or restored
   * @param prefetcher the training data pipeline
   * @param metrics the open {@code metrics.jsonl}
   * @param listener progress callbacks
   * @param stop the stop request it checks
   * @param runDir where checkpoints go
   * @param state where the run stands (the start, or a checkpoint's state)
   */
  public StepLoop(
      RunAssembly run,
      RunModel model,
      BatchPrefetcher prefetcher,
      MetricsLog metrics,
      TrainingListener listener,
      StopSignal stop,
      Path runDir,
      CheckpointState state) {
    this.run = run;
    this.config = run.config();
    this.model = model;
    this.trainer = model.trainer();
    this.prefetcher = prefetcher;
    this.metrics = metrics;
    this.listener = listener;
    this.stop = stop;
    this.runDir = runDir;
    this.train = run.splits().train();
    this.labels = train.labels();
    this.driver = new StepDriver(trainer);
    this.state = state;
  }

  /**
   * Trains to the end, or until a stop; either way {@code last.ckpt} then holds the state.
   *
   * @return true when a stop ended it early
   * @throws IOException on an I/O error (data, checkpoints, logs)
   */
  public boolean run() throws IOException {
    if (config.evalAtStart() && state.initialEvaluation().isEmpty() && state.globalStep() == 0) {
      EvaluationResult initial = evaluate(0);
      if (initial == null) { // Ctrl-C: resume repeats this evaluation
        save();
        return true;
      }
      state = state.withInitialEvaluation(initial);
    }
    while (state.epoch() < config.epochs()) {
      if (trainEpoch()) {
        return true;
      }
    }
    return false;
  }

  /** {@return where the run stands now} */
  public CheckpointState state() {
    return state;
  }

  /**
   * Trains the rest of the current epoch, evaluates and checkpoints it; true when a stop ended it.
   */
  private boolean trainEpoch() throws IOException {
    int epoch = state.epoch();
    List<int[]> batches = run.sampler().epoch(epoch);
    listener.onEpochStart(epoch + 1, batches.size(), state.step());
    prefetcher.startEpoch(epoch, batches, state.step());
    long start = System.nanoTime();
    double carriedSeconds = state.epochSeconds();
    while (state.step() < batches.size()) {
      step(epoch, batches);
      if (stop.requested() && state.step() < batches.size()) {
        state = state.timed(carriedSeconds, (System.nanoTime() - start) / 1e9);
        save();
        return true;
      }
    }
    state = state.timed(carriedSeconds, (System.nanoTime() - start) / 1e9);
    double meanLoss = state.epochLossSum() / Math.max(1, state.epochSteps());
    boolean last = epoch + 1 == config.epochs();
    EvaluationResult evaluation = null;
    if (last || (config.evalEvery() > 0 && (epoch + 1) % config.evalEvery() == 0)) {
      evaluation = evaluate(epoch + 1);
      if (evaluation
          == null) { // Ctrl-C: checkpoint the finished steps; resume repeats only this evaluation
        save();
        return true;
      }
    }
    EpochRecord record =
        new EpochRecord(
            epoch + 1,
            meanLoss,
            model.schedule().getNewValue((int) state.globalStep()),
            state.epochSeconds(),
            Optional.ofNullable(evaluation));
    metrics.writeEpoch(record);
    LOG.info(
        "epoch {}/{}: loss {} in {} s",
        epoch + 1,
        config.epochs(),
        String.format("%.4f", meanLoss),
        String.format("%.1f", state.epochSeconds()));
    boolean improved = evaluation != null && state.improvesBest(evaluation, config.bestMetric());
    state = state.nextEpoch(record, config.bestMetric(), last);
    save();
    if (improved) {
      Checkpoint.copy(runDir.resolve(Checkpoint.LAST), runDir.resolve(Checkpoint.BEST));
    }
    listener.onEpochEnd(record);
    return stop.requested() && state.epoch() < config.epochs();
  }

  /** Trains the epoch's next batch. */
  private void step(int epoch, List<int[]> batches) throws IOException {
    int step = state.step();
    float[] pixels = prefetcher.next();
    int[] indices = batches.get(step);
    long[] batchLabels = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      batchLabels[i] = labels[indices[i]];
    }
    float lr = model.schedule().getNewValue((int) state.globalStep() + 1);
    SimilarityObjective objective =
        new SimilarityObjective(
            run.plugins().loss(),
            run.plugins().augmentations(),
            StepSeeds.augmentations(config.seed(), epoch, step));
    StepResult result;
    try (NDManager stepManager = trainer.getManager().newSubManager()) {
      NDArray inputs = stepManager.create(pixels, train.batchShape(indices.length));
      result = driver.step(run.plugins().strategy(), inputs, batchLabels, objective);
    }
    if (!Double.isFinite(result.loss())) {
      throw new IllegalStateException(
          "the loss became "
              + result.loss()
              + " at epoch "
              + (epoch + 1)
              + " step "
              + step
              + "; lower lr (now "
              + config.lr()
              + ")");
    }
    TrainingListener.StepEvent event =
        new TrainingListener.StepEvent(
            epoch + 1,
            step,
            batches.size(),
            state.globalStep(),
            result.loss(),
            lr,
            indices.length,
            result.seconds(),
            result.stepped());
    state = state.afterStep(result.loss(), result.peakMemoryBytes());
    metrics.writeStep(event);
    listener.onStep(event);
  }

  /**
   * Evaluates the model after {@code epoch} (0: the untrained model) and records it: a {@code
   * metrics.jsonl} line, the listener, the log.
   *
   * @return the evaluation, or null when a stop interrupted it
   */
  private EvaluationResult evaluate(int epoch) throws IOException {
    EvaluationResult result;
    try {
      result =
          RunEvaluation.evaluate(
              trainer, run.splits(), run.evalConfig(), config.evalBatch(), stop::requested);
    } catch (EvaluationStoppedException e) {
      return null;
    }
    metrics.writeEvaluation(epoch, result);
    listener.onEvaluation(epoch, result);
    if (epoch == 0) {
      LOG.info("untrained model: {}", result.toJson());
    } else {
      LOG.info("epoch {} evaluation: {}", epoch, result.toJson());
    }
    return result;
  }

  /** Writes {@code last.ckpt}: the state (with the log's length), the weights and the optimiser. */
  private void save() throws IOException {
    metrics.flush();
    state = state.withMetricsBytes(metrics.size());
    Checkpoint.write(
        runDir.resolve(Checkpoint.LAST),
        state.toJson(run.resolvedConfig()),
        model.net().block()::saveParameters,
        model.optimizer()::save);
  }
}

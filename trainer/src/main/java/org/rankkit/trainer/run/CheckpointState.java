package org.rankkit.trainer.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rankkit.batching.sampler.SamplerPosition;
import org.rankkit.eval.EvaluationResult;
import org.rankkit.trainer.BestEvaluation;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.config.TrainingConfig;

/**
 * Where a run stands: what a checkpoint's {@code state.json} holds besides the weights and the
 * optimiser state, and all a resumed run needs to continue exactly. Every random stream is derived
 * from (seed, epoch, step), so the sampler position is the only random state. Immutable: the step
 * loop moves on by replacing it ({@link #afterStep}, {@link #timed}, {@link #nextEpoch}).
 *
 * <p>{@link #toJson} writes format {@value #FORMAT}; {@link #fromJson} reads only that format and
 * refuses others (or a damaged state) with a message saying so.
 *
 * @param config the run's configuration
 * @param position the next batch to train: its epoch and index within the epoch
 * @param globalStep steps trained over the whole run
 * @param epochLossSum the sum of the losses of the current epoch's steps so far
 * @param epochSteps the steps of the current epoch so far
 * @param epochSeconds training seconds of the current epoch so far (earlier parts of a resumed run)
 * @param trainSeconds training seconds of the whole run, evaluation excluded
 * @param peakMemoryBytes the largest peak memory any step reported
 * @param metricsBytes the length of {@code metrics.jsonl} when the checkpoint was written
 * @param history one entry per finished epoch
 * @param best the best evaluation by {@code bestMetric}, or empty
 * @param finalEvaluation the evaluation after the last epoch, or empty
 * @param initialEvaluation the evaluation of the untrained model, or empty
 */
public record CheckpointState(
    TrainingConfig config,
    SamplerPosition position,
    long globalStep,
    double epochLossSum,
    int epochSteps,
    double epochSeconds,
    double trainSeconds,
    long peakMemoryBytes,
    long metricsBytes,
    List<EpochRecord> history,
    Optional<BestEvaluation> best,
    Optional<EvaluationResult> finalEvaluation,
    Optional<EvaluationResult> initialEvaluation) {

  /** The version of {@code state.json} this class writes and reads. */
  public static final int FORMAT = 1;

  /**
   * Stores an unmodifiable copy of the history; the evaluations must be given (empty when absent).
   *
   * @param config the run's configuration
   * @param position the next batch to train
   * @param globalStep steps trained over the whole run
   * @param epochLossSum the sum of the current epoch's losses so far
   * @param epochSteps the current epoch's steps so far
   * @param epochSeconds training seconds of the current epoch so far
   * @param trainSeconds training seconds of the whole run
   * @param peakMemoryBytes the largest peak memory any step reported
   * @param metricsBytes the length of {@code metrics.jsonl} at the checkpoint
   * @param history one entry per finished epoch
   * @param best the best evaluation, or empty
   * @param finalEvaluation the evaluation after the last epoch, or empty
   * @param initialEvaluation the evaluation of the untrained model, or empty
   * @throws NullPointerException when the history or an evaluation is null
   */
  public CheckpointState {
    history = List.copyOf(history);
    Objects.requireNonNull(best, "best");
    Objects.requireNonNull(finalEvaluation, "finalEvaluation");
    Objects.requireNonNull(initialEvaluation, "initialEvaluation");
  }

  /**
   * The state of a run that has not trained yet.
   *
   * @param config the run's configuration
   * @return the state at epoch 0, batch 0
   */
  public static CheckpointState start(TrainingConfig config) {
    return new CheckpointState(
        config,
        SamplerPosition.START,
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** {@return the zero-based epoch the next batch belongs to} */
  public int epoch() {
    return Math.toIntExact(position.epoch());
  }

  /** {@return the zero-based index of the next batch within its epoch} */
  public int step() {
    return position.batch();
  }

  /**
   * The state after one more step.
   *
   * @param loss the step's loss
   * @param stepPeakMemoryBytes the step's peak memory
   * @return the new state
   */
  public CheckpointState afterStep(double loss, long stepPeakMemoryBytes) {
    return new CheckpointState(
        config,
        new SamplerPosition(position.epoch(), position.batch() + 1),
        globalStep + 1,
        epochLossSum + loss,
        epochSteps + 1,
        epochSeconds,
        trainSeconds,
        Math.max(peakMemoryBytes, stepPeakMemoryBytes),
        metricsBytes,
        history,
        best,
        finalEvaluation,
        initialEvaluation);
  }

  /**
   * The state with the time of this part of the epoch counted: the epoch's seconds become {@code
   * carriedSeconds + seconds} and the run's grow by {@code seconds}.
   *
   * @param carriedSeconds the epoch's seconds before this part (from the checkpoint it resumed)
   * @param seconds the seconds of this part
   * @return the new state
   */
  public CheckpointState timed(double carriedSeconds, double seconds) {
    return new CheckpointState(
        config,
        position,
        globalStep,
        epochLossSum,
        epochSteps,
        carriedSeconds + seconds,
        trainSeconds + seconds,
        peakMemoryBytes,
        metricsBytes,
        history,
        best,
        finalEvaluation,
        initialEvaluation);
  }

  /**
   * Whether an evaluation beats the best so far on a metric (any evaluation beats none).
   *
   * @param evaluation the evaluation
   * @param metric the metric, e.g. {@code recall@1}
   * @return true when it is strictly better
   * @throws IllegalArgumentException when the evaluation lacks the metric
   */
  public boolean improvesBest(EvaluationResult evaluation, String metric) {
    double value = evaluation.metric(metric);
    return best.isEmpty() || value > best.get().value();
  }

  /**
   * The state at the start of the next epoch: the finished epoch's record added to the history, the
   * best evaluation updated, and the final evaluation set after the last epoch.
   *
   * @param record the finished epoch
   * @param bestMetric the metric that picks the best evaluation
   * @param last whether it was the run's last epoch
   * @return the new state
   */
  public CheckpointState nextEpoch(EpochRecord record, String bestMetric, boolean last) {
    List<EpochRecord> epochs = new ArrayList<>(history);
    epochs.add(record);
    Optional<BestEvaluation> newBest = best;
    Optional<EvaluationResult> newFinal = finalEvaluation;
    if (record.evaluation().isPresent()) {
      EvaluationResult evaluation = record.evaluation().get();
      if (improvesBest(evaluation, bestMetric)) {
        newBest = Optional.of(BestEvaluation.of(record.epoch(), bestMetric, evaluation));
      }
      if (last) {
        newFinal = record.evaluation();
      }
    }
    return new CheckpointState(
        config,
        new SamplerPosition(position.epoch() + 1, 0),
        globalStep,
        0,
        0,
        0,
        trainSeconds,
        peakMemoryBytes,
        metricsBytes,
        epochs,
        newBest,
        newFinal,
        initialEvaluation);
  }

  /**
   * The state with the untrained model's evaluation.
   *
   * @param evaluation the evaluation
   * @return the new state
   */
  public CheckpointState withInitialEvaluation(EvaluationResult evaluation) {
    return new CheckpointState(
        config,
        position,
        globalStep,
        epochLossSum,
        epochSteps,
        epochSeconds,
        trainSeconds,
        peakMemoryBytes,
        metricsBytes,
        history,
        best,
        finalEvaluation,
        Optional.of(evaluation));
  }

  /**
   * The state with the length of {@code metrics.jsonl} at the checkpoint about to be written.
   *
   * @param bytes the length
   * @return the new state
   */
  public CheckpointState withMetricsBytes(long bytes) {
    return new CheckpointState(
        config,
        position,
        globalStep,
        epochLossSum,
        epochSteps,
        epochSeconds,
        trainSeconds,
        peakMemoryBytes,
        bytes,
        history,
        best,
        finalEvaluation,
        initialEvaluation);
  }

  /**
   * Returns {@code state.json}: the format, the configuration, the resolved configuration (written
   * for readers; a resumed run resolves it again), the sampler position, the counters, the history
   * and the evaluations (an absent one as an empty object).
   *
   * @param resolvedConfig the run's resolved configuration
   * @return an ordered map ready for Jackson
   */
  public Map<String, Object> toJson(Map<String, Object> resolvedConfig) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("config", config.toMap());
    json.put("resolvedConfig", resolvedConfig);
    Map<String, Object> sampler = new LinkedHashMap<>();
    sampler.put("epoch", position.epoch());
    sampler.put("batch", position.batch());
    json.put("sampler", sampler);
    json.put("globalStep", globalStep);
    json.put("epochLossSum", epochLossSum);
    json.put("epochSteps", epochSteps);
    json.put("epochSeconds", epochSeconds);
    json.put("trainSeconds", trainSeconds);
    json.put("peakMemoryBytes", peakMemoryBytes);
    json.put("metricsBytes", metricsBytes);
    json.put("history", history.stream().map(EpochRecord::toJson).toList());
    json.put("best", best.map(BestEvaluation::toJson).orElse(Map.of()));
    json.put("final", evaluationJson(finalEvaluation));
    json.put("initial", evaluationJson(initialEvaluation));
    json.put(
        "rng",
        "every random stream is derived from (seed, epoch, step); the sampler position is the state");
    return json;
  }

  /**
   * Reads {@code state.json} as {@link #toJson} wrote it.
   *
   * @param json the decoded object
   * @return the state
   * @throws IllegalArgumentException when it has another format, or lacks or mistypes a field (an
   *     evaluation's error names the key)
   */
  @SuppressWarnings("unchecked")
  public static CheckpointState fromJson(Map<String, Object> json) {
    Object format = json.get("format");
    if (!Integer.valueOf(FORMAT).equals(format)) {
      throw new IllegalArgumentException(
          "its state has format "
              + format
              + " but this RankKit reads format "
              + FORMAT
              + "; continue it with the RankKit that wrote it, or start a new run");
    }
    try {
      Map<String, Object> sampler = (Map<String, Object>) json.get("sampler");
      List<EpochRecord> history = new ArrayList<>();
      for (Object h : (List<Object>) json.get("history")) {
        history.add(EpochRecord.fromJson((Map<String, Object>) h));
      }
      return new CheckpointState(
          TrainingConfig.fromMap((Map<String, Object>) json.get("config")),
          new SamplerPosition(
              ((Number) sampler.get("epoch")).longValue(),
              ((Number) sampler.get("batch")).intValue()),
          ((Number) json.get("globalStep")).longValue(),
          ((Number) json.get("epochLossSum")).doubleValue(),
          ((Number) json.get("epochSteps")).intValue(),
          ((Number) json.get("epochSeconds")).doubleValue(),
          ((Number) json.get("trainSeconds")).doubleValue(),
          ((Number) json.get("peakMemoryBytes")).longValue(),
          ((Number) json.get("metricsBytes")).longValue(),
          history,
          best((Map<String, Object>) json.get("best")),
          evaluation((Map<String, Object>) json.get("final")),
          evaluation((Map<String, Object>) json.get("initial")));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "its state lacks a field or holds one of the wrong type (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, Object> evaluationJson(Optional<EvaluationResult> evaluation) {
    return evaluation.map(EvaluationResult::toJson).orElse(Map.of());
  }

  /** An evaluation object of {@code state.json}: empty when absent. */
  private static Optional<EvaluationResult> evaluation(Map<String, Object> json) {
    return json.isEmpty() ? Optional.empty() : Optional.of(EvaluationResult.fromJson(json));
  }

  /** The {@code best} object of {@code state.json}: empty when absent. */
  private static Optional<BestEvaluation> best(Map<String, Object> json) {
    return json.isEmpty() ? Optional.empty() : Optional.of(BestEvaluation.fromJson(json));
  }
}

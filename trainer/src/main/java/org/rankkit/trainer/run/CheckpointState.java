package org.rankkit.trainer.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rankkit.batching.sampler.SamplerPosition;
import org.rankkit.trainer.EpochRecord;
import org.rankkit.trainer.config.TrainConfig;

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
 * @param best the best evaluation by {@code bestMetric} ({@code epoch}, {@code metric}, {@code value}
 *     and the evaluation's keys), or empty
 * @param finalEval the evaluation after the last epoch, or empty
 * @param initialEval the evaluation of the untrained model, or empty
 */
public record CheckpointState(
    TrainConfig config,
    SamplerPosition position,
    long globalStep,
    double epochLossSum,
    int epochSteps,
    double epochSeconds,
    double trainSeconds,
    long peakMemoryBytes,
    long metricsBytes,
    List<EpochRecord> history,
    Map<String, Object> best,
    Map<String, Object> finalEval,
    Map<String, Object> initialEval) {

  /** The version of {@code state.json} this class writes and reads. */
  public static final int FORMAT = 1;

  /**
   * Stores unmodifiable copies of the history and the evaluations (maps keep their order).
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
   * @param finalEval the evaluation after the last epoch, or empty
   * @param initialEval the evaluation of the untrained model, or empty
   */
  public CheckpointState {
    history = List.copyOf(history);
    best = copy(best);
    finalEval = copy(finalEval);
    initialEval = copy(initialEval);
  }

  /**
   * The state of a run that has not trained yet.
   *
   * @param config the run's configuration
   * @return the state at epoch 0, batch 0
   */
  public static CheckpointState start(TrainConfig config) {
    return new CheckpointState(config, SamplerPosition.START, 0, 0, 0, 0, 0, 0, 0, List.of(), Map.of(),
        Map.of(), Map.of());
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
    return new CheckpointState(config, new SamplerPosition(position.epoch(), position.batch() + 1),
        globalStep + 1, epochLossSum + loss, epochSteps + 1, epochSeconds, trainSeconds,
        Math.max(peakMemoryBytes, stepPeakMemoryBytes), metricsBytes, history, best, finalEval, initialEval);
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
    return new CheckpointState(config, position, globalStep, epochLossSum, epochSteps,
        carriedSeconds + seconds, trainSeconds + seconds, peakMemoryBytes, metricsBytes, history, best,
        finalEval, initialEval);
  }

  /**
   * Whether an evaluation beats the best so far on a metric (any evaluation beats none).
   *
   * @param eval the evaluation
   * @param metric the metric, e.g. {@code recall@1}
   * @return true when it is strictly better
   */
  public boolean improvesBest(Map<String, Object> eval, String metric) {
    Object previous = best.get("value");
    return previous == null
        || ((Number) eval.get(metric)).doubleValue() > ((Number) previous).doubleValue();
  }

  /**
   * The state at the start of the next epoch: the finished epoch's record added to the history,
   * the best evaluation updated, and the final evaluation set after the last epoch.
   *
   * @param record the finished epoch
   * @param bestMetric the metric that picks the best evaluation
   * @param last whether it was the run's last epoch
   * @return the new state
   */
  public CheckpointState nextEpoch(EpochRecord record, String bestMetric, boolean last) {
    List<EpochRecord> epochs = new ArrayList<>(history);
    epochs.add(record);
    Map<String, Object> newBest = best;
    Map<String, Object> newFinal = finalEval;
    Map<String, Object> eval = record.eval();
    if (eval != null) {
      if (improvesBest(eval, bestMetric)) {
        newBest = new LinkedHashMap<>();
        newBest.put("epoch", record.epoch());
        newBest.put("metric", bestMetric);
        newBest.put("value", ((Number) eval.get(bestMetric)).doubleValue());
        newBest.putAll(eval);
      }
      if (last) {
        newFinal = eval;
      }
    }
    return new CheckpointState(config, new SamplerPosition(position.epoch() + 1, 0), globalStep, 0, 0, 0,
        trainSeconds, peakMemoryBytes, metricsBytes, epochs, newBest, newFinal, initialEval);
  }

  /**
   * The state with the untrained model's evaluation.
   *
   * @param eval the evaluation
   * @return the new state
   */
  public CheckpointState withInitialEval(Map<String, Object> eval) {
    return new CheckpointState(config, position, globalStep, epochLossSum, epochSteps, epochSeconds,
        trainSeconds, peakMemoryBytes, metricsBytes, history, best, finalEval, eval);
  }

  /**
   * The state with the length of {@code metrics.jsonl} at the checkpoint about to be written.
   *
   * @param bytes the length
   * @return the new state
   */
  public CheckpointState withMetricsBytes(long bytes) {
    return new CheckpointState(config, position, globalStep, epochLossSum, epochSteps, epochSeconds,
        trainSeconds, peakMemoryBytes, bytes, history, best, finalEval, initialEval);
  }

  /**
   * Returns {@code state.json}: the format, the configuration, the resolved configuration (written
   * for readers; a resumed run resolves it again), the sampler position, the counters, the history
   * and the evaluations.
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
    json.put("best", best);
    json.put("final", finalEval);
    json.put("initial", initialEval);
    json.put("rng", "every random stream is derived from (seed, epoch, step); the sampler position is the state");
    return json;
  }

  /**
   * Reads {@code state.json} as {@link #toJson} wrote it.
   *
   * @param json the decoded object
   * @return the state
   * @throws IllegalArgumentException when it has another format, or lacks or mistypes a field
   */
  @SuppressWarnings("unchecked")
  public static CheckpointState fromJson(Map<String, Object> json) {
    Object format = json.get("format");
    if (!Integer.valueOf(FORMAT).equals(format)) {
      throw new IllegalArgumentException(
          "its state has format " + format + " but this RankKit reads format " + FORMAT
              + "; continue it with the RankKit that wrote it, or start a new run");
    }
    try {
      Map<String, Object> sampler = (Map<String, Object>) json.get("sampler");
      List<EpochRecord> history = new ArrayList<>();
      for (Object h : (List<Object>) json.get("history")) {
        history.add(EpochRecord.fromJson((Map<String, Object>) h));
      }
      return new CheckpointState(
          TrainConfig.fromMap((Map<String, Object>) json.get("config")),
          new SamplerPosition(
              ((Number) sampler.get("epoch")).longValue(), ((Number) sampler.get("batch")).intValue()),
          ((Number) json.get("globalStep")).longValue(),
          ((Number) json.get("epochLossSum")).doubleValue(),
          ((Number) json.get("epochSteps")).intValue(),
          ((Number) json.get("epochSeconds")).doubleValue(),
          ((Number) json.get("trainSeconds")).doubleValue(),
          ((Number) json.get("peakMemoryBytes")).longValue(),
          ((Number) json.get("metricsBytes")).longValue(),
          history,
          (Map<String, Object>) json.get("best"),
          (Map<String, Object>) json.get("final"),
          (Map<String, Object>) json.get("initial"));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException(
          "its state lacks a field or holds one of the wrong type (" + e.getMessage() + ")", e);
    }
  }

  private static Map<String, Object> copy(Map<String, Object> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}

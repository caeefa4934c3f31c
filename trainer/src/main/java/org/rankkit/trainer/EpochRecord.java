package org.rankkit.trainer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.rankkit.eval.EvaluationResult;

/**
 * The summary of one epoch, as {@code result.json}'s {@code history} lists it.
 *
 * @param epoch one-based epoch
 * @param loss mean training loss over the epoch's steps
 * @param learningRate base learning rate of the epoch's last step
 * @param seconds training seconds of the epoch (evaluation excluded)
 * @param evaluation the evaluation after this epoch, or empty when none ran
 */
public record EpochRecord(
    int epoch,
    double loss,
    double learningRate,
    double seconds,
    Optional<EvaluationResult> evaluation) {

  /**
   * Checks that the evaluation is given (empty when none ran).
   *
   * @param epoch one-based epoch
   * @param loss mean training loss over the epoch's steps
   * @param learningRate base learning rate of the epoch's last step
   * @param seconds training seconds of the epoch
   * @param evaluation the evaluation after this epoch, or empty when none ran
   * @throws NullPointerException when {@code evaluation} is null
   */
  public EpochRecord {
    java.util.Objects.requireNonNull(evaluation, "evaluation");
  }

  /**
   * Returns the JSON object: {@code epoch}, {@code loss}, {@code lr}, {@code seconds}, and {@code
   * eval} ({@link EvaluationResult#toJson()}) when an evaluation ran.
   *
   * @return an ordered map
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("loss", loss);
    m.put("lr", learningRate);
    m.put("seconds", seconds);
    evaluation.ifPresent(e -> m.put("eval", e.toJson()));
    return m;
  }

  /**
   * Reads an object written by {@link #toJson()}.
   *
   * @param json the object
   * @return the record
   * @throws IllegalArgumentException when the evaluation is damaged ({@link
   *     EvaluationResult#fromJson})
   */
  @SuppressWarnings("unchecked")
  public static EpochRecord fromJson(Map<String, Object> json) {
    Map<String, Object> eval = (Map<String, Object>) json.get("eval");
    return new EpochRecord(
        ((Number) json.get("epoch")).intValue(),
        ((Number) json.get("loss")).doubleValue(),
        ((Number) json.get("lr")).doubleValue(),
        ((Number) json.get("seconds")).doubleValue(),
        eval == null ? Optional.empty() : Optional.of(EvaluationResult.fromJson(eval)));
  }
}

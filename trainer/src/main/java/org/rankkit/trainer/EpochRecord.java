package org.rankkit.trainer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The summary of one epoch, as {@code result.json}'s {@code history} lists it.
 *
 * @param epoch one-based epoch
 * @param loss mean training loss over the epoch's steps
 * @param learningRate base learning rate of the epoch's last step
 * @param seconds training seconds of the epoch (evaluation excluded)
 * @param eval the evaluation after this epoch (same keys as {@code rankkit eval --json}), or null
 *     when none ran
 */
public record EpochRecord(
    int epoch, double loss, double learningRate, double seconds, Map<String, Object> eval) {

  /**
   * Stores an unmodifiable copy of the evaluation map (keeping its order).
   *
   * @param epoch one-based epoch
   * @param loss mean training loss over the epoch's steps
   * @param learningRate base learning rate of the epoch's last step
   * @param seconds training seconds of the epoch
   * @param eval the evaluation after this epoch, or null when none ran
   */
  public EpochRecord {
    eval = eval == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(eval));
  }

  /**
   * Returns the JSON object: {@code epoch}, {@code loss}, {@code lr}, {@code seconds}, and {@code
   * eval} when present.
   *
   * @return an ordered map
   */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("loss", loss);
    m.put("lr", learningRate);
    m.put("seconds", seconds);
    if (eval != null) {
      m.put("eval", eval);
    }
    return m;
  }

  /**
   * Reads an object written by {@link #toJson()}.
   *
   * @param json the object
   * @return the record
   */
  @SuppressWarnings("unchecked")
  public static EpochRecord fromJson(Map<String, Object> json) {
    return new EpochRecord(
        ((Number) json.get("epoch")).intValue(),
        ((Number) json.get("loss")).doubleValue(),
        ((Number) json.get("lr")).doubleValue(),
        ((Number) json.get("seconds")).doubleValue(),
        (Map<String, Object>) json.get("eval"));
  }
}

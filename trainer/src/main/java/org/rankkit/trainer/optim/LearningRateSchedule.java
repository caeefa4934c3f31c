package org.rankkit.trainer.optim;

import ai.djl.training.tracker.Tracker;
import java.util.List;
import java.util.Locale;

/**
 * A learning-rate schedule as a DJL {@link Tracker} over update counts, configured in epochs.
 *
 * <p>Update {@code t} (one-based) falls in epoch {@code (t-1) / stepsPerEpoch}. First a linear
 * warm-up from {@code lr/warmupSteps} to {@code lr} over {@code warmupEpochs}, then:
 *
 * <ul>
 *   <li>{@code none}: constant {@code lr};
 *   <li>{@code multistep}: {@code lr × factor^m}, m = number of milestones (epochs) already
 *       reached;
 *   <li>{@code cosine}: {@code lr × (1 + cos(π·p)) / 2} with p the fraction of the post-warm-up
 *       updates done, reaching 0 at the last update.
 * </ul>
 *
 * Immutable and thread-safe.
 */
public final class LearningRateSchedule implements Tracker {

  /** The schedule kinds. */
  public static final List<String> KINDS = List.of("none", "multistep", "cosine");

  private final String kind;
  private final float lr;
  private final int stepsPerEpoch;
  private final int warmupSteps;
  private final int totalSteps;
  private final int[] milestoneSteps;
  private final float factor;

  /**
   * Creates a schedule.
   *
   * @param kind {@code none}, {@code multistep} or {@code cosine}
   * @param lr the base learning rate, {@code > 0}
   * @param epochs total epochs, {@code >= 1}
   * @param stepsPerEpoch updates per epoch, {@code >= 1}
   * @param warmupEpochs epochs of linear warm-up, {@code 0 <= warmupEpochs < epochs}
   * @param milestones epochs after which {@code multistep} multiplies the rate by {@code factor}
   * @param factor the multistep factor, in (0, 1]
   */
  public LearningRateSchedule(
      String kind,
      float lr,
      int epochs,
      int stepsPerEpoch,
      double warmupEpochs,
      List<Integer> milestones,
      float factor) {
    this.kind = kind.toLowerCase(Locale.ROOT);
    if (!KINDS.contains(this.kind)) {
      throw new IllegalArgumentException(
          "schedule must be one of " + String.join(", ", KINDS) + ", got '" + kind + "'");
    }
    if (!(lr > 0) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("lr must be a positive number, got " + lr);
    }
    if (epochs < 1 || stepsPerEpoch < 1) {
      throw new IllegalArgumentException(
          "epochs and steps per epoch must be >= 1, got " + epochs + " and " + stepsPerEpoch);
    }
    if (warmupEpochs < 0 || warmupEpochs >= epochs) {
      throw new IllegalArgumentException(
          "warmupEpochs must be in [0, epochs=" + epochs + "), got " + warmupEpochs);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException("lrDecay must be in (0, 1], got " + factor);
    }
    this.lr = lr;
    this.stepsPerEpoch = stepsPerEpoch;
    this.warmupSteps = (int) Math.round(warmupEpochs * stepsPerEpoch);
    this.totalSteps = epochs * stepsPerEpoch;
    this.milestoneSteps = milestones.stream().mapToInt(m -> m * stepsPerEpoch).sorted().toArray();
    this.factor = factor;
  }

  @Override
  public float getNewValue(int numUpdate) {
    int t = Math.max(1, numUpdate);
    if (t <= warmupSteps) {
      return lr * t / warmupSteps;
    }
    switch (kind) {
      case "multistep" -> {
        float value = lr;
        for (int m : milestoneSteps) {
          if (t > m) {
            value *= factor;
          }
        }
        return value;
      }
      case "cosine" -> {
        int span = Math.max(1, totalSteps - warmupSteps);
        double p = Math.min(1.0, (double) (t - warmupSteps) / span);
        return (float) (lr * (1 + Math.cos(Math.PI * p)) / 2);
      }
      default -> {
        return lr;
      }
    }
  }

  /** {@return the number of updates per epoch the schedule was built for} */
  public int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  @Override
  public String toString() {
    return kind + "(lr=" + lr + ", warmupSteps=" + warmupSteps + ", totalSteps=" + totalSteps + ")";
  }
}

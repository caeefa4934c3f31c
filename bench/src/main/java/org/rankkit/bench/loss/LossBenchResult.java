package org.rankkit.bench.loss;

import java.util.List;

/**
 * What {@link LossBench} measured.
 *
 * @param config what was run
 * @param items items per batch after simix (real + virtual)
 * @param seconds wall-clock seconds of each measured forward+backward, in order
 * @param loss the loss of the last run
 * @param runPeakExtraBytes the largest, over measured runs, of the process's peak resident set
 *     during the run minus its resident set just before (native tensors dominate it); -1 when the
 *     peak cannot be reset on this system
 * @param peakResidentBytes the process's peak resident set size over its life ({@code VmHWM}), -1
 *     when unavailable
 * @param processors processors available to the JVM
 */
public record LossBenchResult(
    LossBenchConfig config,
    int items,
    List<Double> seconds,
    double loss,
    long runPeakExtraBytes,
    long peakResidentBytes,
    int processors) {

  /**
   * Copies the list.
   *
   * @param config what was run
   * @param items items per batch after simix (real + virtual)
   * @param seconds wall-clock seconds of each measured run, in order (copied)
   * @param loss the loss of the last run
   * @param runPeakExtraBytes largest peak resident set of a measured run above the resident set
   *     before it, in bytes; -1 when the peak cannot be reset
   * @param peakResidentBytes the process's peak resident set size in bytes, -1 when unavailable
   * @param processors processors available to the JVM
   */
  public LossBenchResult {
    seconds = List.copyOf(seconds);
  }

  /** {@return the median of the measured times, in seconds} */
  public double medianSeconds() {
    double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** {@return the fastest measured time in seconds, NaN when there is none} */
  public double minSeconds() {
    return seconds.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }
}

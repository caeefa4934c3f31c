package org.rankkit.bench.step;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link StepBench} measured.
 *
 * @param config what was run
 * @param stepSeconds wall-clock seconds of each measured step, in order
 * @param stepCpuSeconds CPU seconds of the whole process (all threads) during each measured step:
 *     less sensitive than wall-clock time to other processes competing for the cores. The operating
 *     system counts it in scheduler ticks (10 ms on Linux), so a step shorter than a tick may read
 *     0; use it for steps of a tenth of a second or more
 * @param losses loss of each measured step
 * @param stepPeakBytes peak memory reported by the strategy after each measured step
 * @param steppedSteps measured steps whose gradients were not all zero, so that the optimiser ran
 *     (and the memory-bounded strategy ran its second pass)
 * @param peakResidentBytes the process's peak resident set size at the end ({@code VmHWM})
 * @param processors processors available to the JVM
 */
public record StepBenchResult(
    StepBenchConfig config,
    List<Double> stepSeconds,
    List<Double> stepCpuSeconds,
    List<Double> losses,
    List<Long> stepPeakBytes,
    int steppedSteps,
    long peakResidentBytes,
    int processors) {

  /**
   * Copies the lists.
   *
   * @param config what was run
   * @param stepSeconds wall-clock seconds of each measured step (copied)
   * @param stepCpuSeconds process CPU seconds of each measured step (copied)
   * @param losses loss of each measured step (copied)
   * @param stepPeakBytes peak memory reported by the strategy after each measured step (copied)
   * @param steppedSteps measured steps in which the optimiser ran
   * @param peakResidentBytes the process's peak resident set size at the end, in bytes
   * @param processors processors available to the JVM
   */
  public StepBenchResult {
    stepSeconds = List.copyOf(stepSeconds);
    stepCpuSeconds = List.copyOf(stepCpuSeconds);
    losses = List.copyOf(losses);
    stepPeakBytes = List.copyOf(stepPeakBytes);
  }

  /** {@return the median of the measured step times, in seconds} */
  public double medianSeconds() {
    return median(stepSeconds);
  }

  /** {@return the median of the measured steps' process CPU times, in seconds} */
  public double medianCpuSeconds() {
    return median(stepCpuSeconds);
  }

  private static double median(List<Double> values) {
    double[] s = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  @Override
  public String toString() {
    return "StepBenchResult["
        + config
        + ", median "
        + medianSeconds()
        + " s, peak RSS "
        + peakResidentBytes
        + " B, steps "
        + Arrays.toString(stepSeconds.toArray())
        + "]";
  }
}

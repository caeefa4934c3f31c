package org.rankkit.bench.loss;

import java.util.ArrayList;
import java.util.List;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.ProcessMemory;

/**
 * Times forward+backward of a loss on random unit embeddings ({@code rankkit bench loss}): {@code
 * warmup} unmeasured runs, then {@code repeat} measured ones; reports the median time and memory:
 * the peak resident set of each run above the resident set before it (the process's {@code VmHWM}
 * is reset before every measured run) and the process's overall peak (the largest {@code VmHWM}
 * read: before the first reset and after every run).
 */
public final class LossBench {

  private LossBench() {}

  /**
   * Runs the benchmark.
   *
   * @param config what to run
   * @param registry where the loss and {@code simix} are found
   * @return the measurements
   * @throws IllegalArgumentException for an unknown loss, bad parameters or a missing GPU
   */
  public static LossBenchResult run(LossBenchConfig config, PluginRegistry registry) {
    try (LossKernel kernel = new LossKernel(config, registry)) {
      LossKernel.Outcome outcome = null;
      for (int i = 0; i < config.warmup(); i++) {
        outcome = kernel.run();
      }
      List<Double> seconds = new ArrayList<>();
      long peakExtra = -1;
      long processPeak = ProcessMemory.peakResidentBytes(); // before any reset: start + warm-up
      for (int i = 0; i < config.repeat(); i++) {
        System.gc();
        boolean reset = ProcessMemory.resetPeak();
        long before = ProcessMemory.residentBytes();
        long start = System.nanoTime();
        outcome = kernel.run();
        seconds.add((System.nanoTime() - start) / 1e9);
        long peak = ProcessMemory.peakResidentBytes();
        processPeak = Math.max(processPeak, peak);
        if (reset && before >= 0 && peak >= 0) {
          peakExtra = Math.max(peakExtra, Math.max(0, peak - before));
        }
      }
      return new LossBenchResult(
          config,
          outcome.items(),
          seconds,
          outcome.loss(),
          peakExtra,
          Math.max(processPeak, ProcessMemory.peakResidentBytes()),
          Runtime.getRuntime().availableProcessors());
    }
  }
}

package org.rankkit.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.bench.step.StepBench;
import org.rankkit.bench.step.StepBenchConfig;
import org.rankkit.bench.step.StepBenchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rankkit bench step}: median seconds of one training step of a small image CNN under a
 * batch strategy, and the process's peak resident memory.
 */
@Command(
    name = "step",
    mixinStandardHelpOptions = true,
    description = {
      "Train steps of a small residual CNN (random 1x28x28 images, 4 per class, recall-at-k,"
          + " Adam) with a batch strategy: the median wall-clock and process-CPU seconds per step over"
          + " --repeat steps after --warmup steps, and the process's peak resident set (VmHWM).",
      "Run one process per measurement: the peak is the whole process's."
    })
final class BenchStepCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--strategy",
      required = true,
      paramLabel = "ID",
      description =
          "Batch strategy id: plain, memory-bounded, or any that 'rankkit plugins' lists.")
  private String strategy;

  @Option(names = "--batch", required = true, paramLabel = "B", description = "Items per step.")
  private int batch;

  @Option(
      names = "--chunk",
      paramLabel = "C",
      description =
          "Items per chunk, for a strategy with a chunk parameter such as memory-bounded"
              + " (default: ${DEFAULT-VALUE}).")
  private int chunk = 64;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description = "Measured steps (default: ${DEFAULT-VALUE}).")
  private int repeat = 3;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Unmeasured steps first (default: ${DEFAULT-VALUE}).")
  private int warmup = 1;

  @Option(
      names = "--width",
      paramLabel = "W",
      description = "Filters of the CNN's first stage (default: ${DEFAULT-VALUE}).")
  private int width = 32;

  @Option(
      names = "--stages",
      paramLabel = "S",
      description = "Residual stages of the CNN (default: ${DEFAULT-VALUE}).")
  private int stages = 3;

  @Option(
      names = "--dim",
      paramLabel = "D",
      description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  private int dim = 128;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "PyTorch threads; 0 keeps PyTorch's default, one per core (default: ${DEFAULT-VALUE}).")
  private int threads = 0;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the random images (default: ${DEFAULT-VALUE}).")
  private long seed = 1;

  @Option(names = "--progress", description = "Print one line per step to standard error.")
  private boolean progress;

  @Mixin private JsonOrTableOption output;

  @Override
  public Integer call() throws Exception {
    StepBenchConfig config =
        new StepBenchConfig(
            strategy, batch, chunk, repeat, warmup, width, stages, dim, seed, threads);
    PrintWriter err = context.err();
    PluginRegistry registry = context.registry();
    boolean chunked = StepBench.strategyParameters(config, registry).containsKey(StepBench.CHUNK);
    StepBenchResult r =
        StepBench.run(
            config,
            registry,
            line -> {
              if (progress) {
                err.println(line);
                err.flush();
              }
            });
    output.print(context.out(), json(config, r, chunked), table(config, r, chunked));
    return 0;
  }

  private static Map<String, Object> json(
      StepBenchConfig config, StepBenchResult r, boolean chunked) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("strategy", config.strategy());
    o.put("batch", config.batch());
    o.put("chunk", chunked ? config.chunk() : null);
    o.put("repeat", config.repeat());
    o.put("warmup", config.warmup());
    o.put("width", config.width());
    o.put("stages", config.stages());
    o.put("dim", config.dim());
    o.put("threads", config.threads());
    o.put("medianSeconds", r.medianSeconds());
    o.put("medianCpuSeconds", r.medianCpuSeconds());
    o.put("seconds", r.stepSeconds());
    o.put("cpuSeconds", r.stepCpuSeconds());
    o.put("losses", r.losses());
    o.put("steppedSteps", r.steppedSteps());
    o.put("peakResidentBytes", r.peakResidentBytes());
    o.put("processors", r.processors());
    return o;
  }

  private static List<String[]> table(StepBenchConfig config, StepBenchResult r, boolean chunked) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "STRATEGY", "B", "CHUNK", "STEPS", "STEPPED", "MEDIAN_S", "MEDIAN_CPU_S", "PEAK_RSS_MIB"
        });
    rows.add(
        new String[] {
          config.strategy(),
          Integer.toString(config.batch()),
          chunked ? Integer.toString(config.chunk()) : "-",
          Integer.toString(config.repeat()),
          Integer.toString(r.steppedSteps()),
          String.format(Locale.ROOT, "%.3f", r.medianSeconds()),
          String.format(Locale.ROOT, "%.3f", r.medianCpuSeconds()),
          String.format(Locale.ROOT, "%.1f", r.peakResidentBytes() / (1024.0 * 1024.0))
        });
    return rows;
  }
}

package org.rankkit.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.bench.loss.LossBench;
import org.rankkit.bench.loss.LossBenchConfig;
import org.rankkit.bench.loss.LossBenchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rankkit bench loss}: median seconds of one loss's forward+backward on random unit
 * embeddings, and peak memory.
 */
@Command(
    name = "loss",
    mixinStandardHelpOptions = true,
    description = {
      "Time forward+backward of a loss (S = E·Eᵀ, optional simix with every same-label pair,"
          + " the loss, dL/dE) on random unit embeddings with M items per class: the median over"
          + " --repeat runs after --warmup runs, the peak resident memory of a run above the memory"
          + " before it, and the process's peak resident set (VmHWM)."
    })
final class BenchLossCommand implements Callable<Integer> {

  @Mixin private CommandContext context;

  @Option(
      names = "--loss",
      required = true,
      paramLabel = "ID",
      description = "Loss id, e.g. recall-at-k.")
  private String loss;

  @Option(names = "--simix", description = "Extend every batch with simix (all same-label pairs).")
  private boolean simix;

  @Option(
      names = "--batch",
      required = true,
      paramLabel = "B",
      description = "Real items per batch.")
  private int batch;

  @Option(
      names = "--per-class",
      paramLabel = "M",
      description = "Items per class (default: ${DEFAULT-VALUE}).")
  private int perClass = 4;

  @Option(
      names = "--dim",
      paramLabel = "D",
      description = "Embedding dimension (default: ${DEFAULT-VALUE}).")
  private int dim = 512;

  @Option(
      names = "--repeat",
      paramLabel = "N",
      description = "Measured runs (default: ${DEFAULT-VALUE}).")
  private int repeat = 5;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description = "Unmeasured runs first (default: ${DEFAULT-VALUE}).")
  private int warmup = 1;

  @Mixin private PrecisionOption dtype = new PrecisionOption(Precision.float32);

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description = "cpu or gpu (default: ${DEFAULT-VALUE}).")
  private ComputeDevice device = ComputeDevice.cpu;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of embeddings and simix pairs (default: ${DEFAULT-VALUE}).")
  private long seed = 1;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "A loss parameter, e.g. --set tauSim=0.05 (repeatable; lists as 1,2,4).")
  private Map<String, String> set = new LinkedHashMap<>();

  @Mixin private JsonOrTableOption output;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> params = new LinkedHashMap<>();
    set.forEach((k, v) -> params.put(k, v.contains(",") ? List.of(v.split(",")) : v));
    LossBenchConfig config =
        new LossBenchConfig(
            loss,
            params,
            simix,
            batch,
            perClass,
            dim,
            repeat,
            warmup,
            dtype.type(),
            device == ComputeDevice.gpu,
            seed);
    long items = LossBenchConfig.items(batch, perClass, simix);
    long bytesPerValue = dtype.type() == ai.djl.ndarray.types.DataType.FLOAT64 ? 8 : 4;
    // similarities, their gradient and the loss's temporaries: about four N x N matrices
    long needed = 4 * items * items * bytesPerValue + 3 * items * (long) dim * bytesPerValue;
    long physical =
        ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    if (device != ComputeDevice.gpu && physical > 0 && needed > physical) {
      throw new IllegalArgumentException(
          String.format(
              java.util.Locale.ROOT,
              "batch=%d%s needs about %.1f GiB for the %d x %d similarity matrices, more than this"
                  + " machine's %.1f GiB of memory; lower --batch",
              batch,
              simix ? " with simix" : "",
              needed / 1073741824.0,
              items,
              items,
              physical / 1073741824.0));
    }
    LossBenchResult r = LossBench.run(config, context.registry());
    output.print(context.out(), json(config, r), table(config, r));
    return 0;
  }

  private Map<String, Object> json(LossBenchConfig config, LossBenchResult r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("loss", config.loss());
    o.put("params", config.params());
    o.put("simix", config.simix());
    o.put("batch", config.batch());
    o.put("perClass", config.perClass());
    o.put("items", r.items());
    o.put("dim", config.dim());
    o.put("dtype", dtype.precision().name());
    o.put("device", device.name());
    o.put("repeat", config.repeat());
    o.put("warmup", config.warmup());
    o.put("medianSeconds", r.medianSeconds());
    o.put("minSeconds", r.minSeconds());
    o.put("seconds", r.seconds());
    o.put("lossValue", r.loss());
    o.put("runPeakExtraBytes", r.runPeakExtraBytes());
    o.put("peakResidentBytes", r.peakResidentBytes());
    o.put("processors", r.processors());
    return o;
  }

  private List<String[]> table(LossBenchConfig config, LossBenchResult r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "LOSS",
          "SIMIX",
          "B",
          "ITEMS",
          "M",
          "D",
          "DTYPE",
          "MEDIAN_S",
          "MIN_S",
          "RUN_PEAK_MIB",
          "PROCESS_PEAK_MIB"
        });
    rows.add(
        new String[] {
          config.loss(),
          Boolean.toString(config.simix()),
          Integer.toString(config.batch()),
          Integer.toString(r.items()),
          Integer.toString(config.perClass()),
          Integer.toString(config.dim()),
          dtype.precision().name(),
          String.format(Locale.ROOT, "%.4f", r.medianSeconds()),
          String.format(Locale.ROOT, "%.4f", r.minSeconds()),
          mib(r.runPeakExtraBytes()),
          mib(r.peakResidentBytes())
        });
    return rows;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}

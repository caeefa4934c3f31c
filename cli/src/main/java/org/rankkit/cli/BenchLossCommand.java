package org.rankkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rankkit.bench.loss.LossBench;
import org.rankkit.bench.loss.LossBenchConfig;
import org.rankkit.bench.loss.LossBenchResult;
import org.rankkit.compare.TextTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

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

  @ParentCommand private BenchCommand parent;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

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

  @Option(
      names = "--dtype",
      paramLabel = "TYPE",
      description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
  private Precision dtype = Precision.float32;

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

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  private boolean json;

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
            dtype.type,
            device == ComputeDevice.gpu,
            seed);
    long items = LossBenchConfig.items(batch, perClass, simix);
    long bytesPerValue = dtype.type == ai.djl.ndarray.types.DataType.FLOAT64 ? 8 : 4;
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
    LossBenchResult r = LossBench.run(config, parent.root().registry());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("loss", config.loss());
      o.put("params", config.params());
      o.put("simix", config.simix());
      o.put("batch", config.batch());
      o.put("perClass", config.perClass());
      o.put("items", r.items());
      o.put("dim", config.dim());
      o.put("dtype", dtype.name());
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
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(o));
    } else {
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
            dtype.name(),
            String.format(Locale.ROOT, "%.4f", r.medianSeconds()),
            String.format(Locale.ROOT, "%.4f", r.minSeconds()),
            mib(r.runPeakExtraBytes()),
            mib(r.peakResidentBytes())
          });
      out.print(TextTable.render(rows));
    }
    out.flush();
    return 0;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", bytes / (1024.0 * 1024.0));
  }
}

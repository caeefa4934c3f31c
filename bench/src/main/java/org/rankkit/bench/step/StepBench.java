package org.rankkit.bench.step;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.rankkit.api.DjlDefaults;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.ProcessMemory;
import org.rankkit.api.step.SimilarityObjective;
import org.rankkit.api.step.StepDriver;
import org.rankkit.api.step.StepResult;
import org.rankkit.trainer.model.EmbeddingModel;
import org.rankkit.trainer.model.SmallResidualCnn;

/**
 * Trains steps of a small image CNN ({@link SmallResidualCnn} backbone, {@link EmbeddingModel}
 * head) on random {@code 1 × 28 × 28} images (a random prototype per class plus noise), {@value
 * StepBenchConfig#PER_CLASS} per class, with the {@code recall-at-k} loss (default parameters) and
 * Adam, under a batch strategy, and measures the time of each step and the process's peak resident
 * memory.
 *
 * <p>Peak resident memory is a property of the whole process, so compare strategies and batch sizes
 * in separate processes (one {@code rankkit bench step} each). New random images are drawn for
 * every step; their generation is not timed.
 */
public final class StepBench {

  /** The strategy parameter that {@code --chunk} sets. */
  public static final String CHUNK = "chunk";

  private StepBench() {}

  /**
   * Runs the benchmark.
   *
   * @param config what to run
   * @param registry where the batch strategy (any the registry has) and the {@code recall-at-k}
   *     loss come from
   * @param progress receives one line per finished step (may ignore it)
   * @return the measurements
   */
  public static StepBenchResult run(
      StepBenchConfig config, PluginRegistry registry, Consumer<String> progress) {
    DjlDefaults.applyOffline();
    if (config.threads() > 0) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(config.threads()));
      System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(config.threads()));
    }
    Engine.getInstance().setRandomSeed((int) config.seed());
    BatchStrategy strategy =
        registry.create(
            PluginKind.BATCH_STRATEGY, config.strategy(), strategyParameters(config, registry));
    EmbeddingModel net =
        EmbeddingModel.builder()
            .backbone(
                SmallResidualCnn.builder().width(config.width()).stages(config.stages()).build())
            .dim(config.dim())
            .build();
    int size = StepBenchConfig.IMAGE_SIZE;
    long[] labels = new long[config.batch()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i / StepBenchConfig.PER_CLASS;
    }
    List<Double> seconds = new ArrayList<>();
    List<Double> cpuSeconds = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    List<Long> peaks = new ArrayList<>();
    int stepped = 0;
    try (Model model = Model.newInstance("bench-step")) {
      model.setBlock(net.block());
      DefaultTrainingConfig training =
          new DefaultTrainingConfig(Loss.l2Loss())
              .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
      try (Trainer trainer = model.newTrainer(training)) {
        trainer.initialize(new Shape(2, 1, size, size));
        StepDriver driver = new StepDriver(trainer);
        SimilarityObjective objective =
            new SimilarityObjective(
                registry.create(PluginKind.LOSS, "recall-at-k", Map.of()),
                List.of(),
                config.seed());
        for (int step = 0; step < config.warmup() + config.repeat(); step++) {
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray images = images(scope, config.batch(), size);
            long cpuBefore = processCpuNanos();
            StepResult result = driver.step(strategy, images, labels, objective);
            double cpu = (processCpuNanos() - cpuBefore) / 1e9;
            boolean measured = step >= config.warmup();
            if (measured) {
              seconds.add(result.seconds());
              cpuSeconds.add(cpu);
              losses.add(result.loss());
              peaks.add(result.peakMemoryBytes());
              stepped += result.stepped() ? 1 : 0;
            }
            progress.accept(
                String.format(
                    "step %d/%d%s: %.3f s (cpu %.3f s), loss %.4f, stepped %s",
                    step + 1,
                    config.warmup() + config.repeat(),
                    measured ? "" : " (warm-up)",
                    result.seconds(),
                    cpu,
                    result.loss(),
                    result.stepped()));
          }
        }
      }
    }
    return new StepBenchResult(
        config,
        seconds,
        cpuSeconds,
        losses,
        peaks,
        stepped,
        ProcessMemory.peakResidentBytesOrHeap(),
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Returns the parameters the benchmark gives its strategy: {@code chunk} when the strategy has a
   * parameter of that name (as {@code memory-bounded} does), else none (defaults for the rest).
   *
   * @param config what to run
   * @param registry where the strategy comes from
   * @return the parameters
   * @throws org.rankkit.api.plugin.PluginException when the registry has no such strategy (the
   *     message lists the ones it has)
   */
  public static Map<String, Object> strategyParameters(
      StepBenchConfig config, PluginRegistry registry) {
    boolean chunked =
        registry
            .factory(PluginKind.BATCH_STRATEGY, config.strategy())
            .defaults()
            .containsKey(CHUNK);
    return chunked ? Map.of(CHUNK, config.chunk()) : Map.of();
  }

  /**
   * Random images, {@value StepBenchConfig#PER_CLASS} per class in label order: each class has a
   * random prototype image (uniform in [-1, 1)) and its items are {@code 0.9 · prototype + 0.1 ·
   * noise} (noise uniform in [-1, 1)), so that even an untrained network ranks some positives near
   * the top and recall-at-k has non-zero gradients from the first step (with images that look alike
   * to the network every rank is far beyond k and the gradient is exactly zero).
   */
  private static NDArray images(NDManager manager, int batch, int size) {
    int classes = batch / StepBenchConfig.PER_CLASS;
    try (NDManager scratch = manager.newSubManager()) {
      NDArray prototypes = scratch.randomUniform(-1f, 1f, new Shape(classes, 1, size, size));
      NDArray noise = scratch.randomUniform(-1f, 1f, new Shape(batch, 1, size, size));
      NDArray images =
          prototypes.repeat(0, StepBenchConfig.PER_CLASS).muli(0.9f).addi(noise.muli(0.1f));
      images.attach(manager);
      return images;
    }
  }

  /** Returns the CPU time of the whole process (every thread, native ones included), or -1. */
  static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}

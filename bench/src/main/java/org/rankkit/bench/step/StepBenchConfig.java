package org.rankkit.bench.step;

import org.rankkit.api.plugin.RecordPluginFactory;

/**
 * What {@link StepBench} measures.
 *
 * @param strategy batch strategy id, any that the plugin registry has ({@code plain}, {@code
 *     memory-bounded}, or one from a plugin jar); checked against the registry when the benchmark
 *     runs
 * @param batch items per step, a multiple of {@link #PER_CLASS} and at least {@code 2 ×} {@link
 *     #PER_CLASS}
 * @param chunk items per chunk, for a strategy with a {@code chunk} parameter such as {@code
 *     memory-bounded} ({@code >= 1}; ignored by the others)
 * @param repeat measured steps, {@code >= 1}
 * @param warmup steps run first and not measured, {@code >= 0}
 * @param width filters of the CNN's first stage ({@code SmallResidualCnn} width), 1 to 1024
 * @param stages residual stages of the CNN, 1 to 5
 * @param dim embedding size, {@code >= 1}
 * @param seed seed of the random images
 * @param threads PyTorch intra-op (and inter-op) threads, or 0 for PyTorch's default (one per
 *     core); it takes effect only when the PyTorch engine starts during the benchmark, that is in a
 *     process that has not used DJL before (as {@code rankkit bench step} is)
 */
public record StepBenchConfig(
    String strategy,
    int batch,
    int chunk,
    int repeat,
    int warmup,
    int width,
    int stages,
    int dim,
    long seed,
    int threads) {

  /** Items of each class in a batch (the paper's setting). */
  public static final int PER_CLASS = 4;

  /** Side of the square single-channel images (Fashion-MNIST-shaped). */
  public static final int IMAGE_SIZE = 28;

  /**
   * Validates the values.
   *
   * @param strategy batch strategy id, kebab-case
   * @param batch items per step, a multiple of {@link #PER_CLASS} and at least {@code 2 ×} {@link
   *     #PER_CLASS}
   * @param chunk items per chunk of a strategy with a {@code chunk} parameter, {@code >= 1}
   * @param repeat measured steps, {@code >= 1}
   * @param warmup unmeasured steps first, {@code >= 0}
   * @param width filters of the CNN's first stage
   * @param stages residual stages of the CNN
   * @param dim embedding size, {@code >= 1}
   * @param seed seed of the random images
   * @param threads PyTorch threads, {@code >= 0} (0: PyTorch's default)
   * @throws IllegalArgumentException naming the value that is out of range and what is allowed
   */
  public StepBenchConfig {
    RecordPluginFactory.requireKebabCase(strategy);
    if (batch < 2 * PER_CLASS || batch % PER_CLASS != 0) {
      throw new IllegalArgumentException(
          "batch must be a multiple of "
              + PER_CLASS
              + " and at least "
              + 2 * PER_CLASS
              + " ("
              + PER_CLASS
              + " items per class), got "
              + batch);
    }
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be >= 1, got " + chunk);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be >= 1, got " + repeat);
    }
    if (warmup < 0) {
      throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
    }
    if (threads < 0) {
      throw new IllegalArgumentException(
          "threads must be >= 0 (0: PyTorch's default), got " + threads);
    }
    if (dim < 1) {
      throw new IllegalArgumentException("dim must be >= 1, got " + dim);
    }
  }
}

package org.rankkit.bench.loss;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.loss.RankingLoss;
import org.rankkit.api.loss.SimilarityAugmentation;
import org.rankkit.api.loss.SimilarityBatch;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.PluginRegistry;

/**
 * One prepared loss computation: random unit embeddings with {@code perClass} items per class, the
 * loss (and {@code simix}) created once; {@link #run()} does one forward+backward: {@code S =
 * E·Eᵀ}, simix, loss, backward to {@code dL/dE}, all in a sub-manager closed at the end. Not
 * thread-safe; close it to free the embeddings.
 */
public final class LossKernel implements AutoCloseable {

  /**
   * What one run produced (returned so that nothing is optimised away).
   *
   * @param loss the loss value
   * @param items items after simix (real + virtual)
   * @param gradientSum sum of {@code dL/dE} (forces the gradient to be computed)
   */
  public record Outcome(double loss, int items, double gradientSum) {}

  private final LossBenchConfig config;
  private final RankingLoss loss;
  private final SimilarityAugmentation simix;
  private final NDManager manager;
  private final NDArray embeddings;
  private final long[] labels;

  /**
   * Prepares the kernel.
   *
   * @param config what to run
   * @param registry where the loss and {@code simix} are found
   * @throws IllegalArgumentException for an unknown loss, bad parameters or a missing GPU
   */
  public LossKernel(LossBenchConfig config, PluginRegistry registry) {
    this.config = config;
    this.loss = registry.create(PluginKind.LOSS, config.loss(), config.params());
    this.simix =
        config.simix() ? registry.create(PluginKind.AUGMENTATION, "simix", Map.of()) : null;
    Device device = Device.cpu();
    if (config.gpu()) {
      if (Engine.getInstance().getGpuCount() < 1) {
        throw new IllegalArgumentException("--device gpu: the engine sees no GPU");
      }
      device = Device.gpu();
    }
    this.labels = config.labels();
    this.manager = NDManager.newBaseManager(device);
    this.embeddings = unitEmbeddings(manager, config);
  }

  private static NDArray unitEmbeddings(NDManager manager, LossBenchConfig config) {
    Random random = new Random(config.seed());
    int b = config.batch();
    int d = config.dim();
    float[] flat = new float[b * d];
    for (int i = 0; i < b; i++) {
      double norm = 0;
      for (int k = 0; k < d; k++) {
        double v = random.nextGaussian();
        flat[i * d + k] = (float) v;
        norm += v * v;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int k = 0; k < d; k++) {
        flat[i * d + k] *= inv;
      }
    }
    NDArray e = manager.create(flat, new Shape(b, d));
    return config.dtype() == DataType.FLOAT32 ? e : e.toType(config.dtype(), false);
  }

  /** {@return the configuration the kernel was prepared with} */
  public LossBenchConfig config() {
    return config;
  }

  /**
   * Runs one forward+backward.
   *
   * @return the loss, the number of items and the gradient's sum
   */
  public Outcome run() {
    try (NDManager step = manager.newSubManager()) {
      NDArray e = embeddings.duplicate();
      e.attach(step);
      e.setRequiresGradient(true);
      double value;
      int items;
      try (GradientCollector collector = step.getEngine().newGradientCollector()) {
        SimilarityBatch batch = SimilarityBatch.fromEmbeddings(e, labels);
        if (simix != null) {
          batch = simix.apply(batch, new SplittableRandom(config.seed()));
        }
        items = batch.size();
        NDArray l = loss.compute(batch);
        // + 0·ΣE keeps backward defined when the loss is a constant (no query has a positive)
        // (an engine-made zero: NDArray.mul(Number) would let backward read a freed Java buffer)
        collector.backward(l.add(EngineArrays.zeroLink(e)));
        value = l.toType(DataType.FLOAT64, false).getDouble();
      }
      double gradientSum = e.getGradient().sum().toType(DataType.FLOAT64, false).getDouble();
      return new Outcome(value, items, gradientSum);
    }
  }

  /**
   * Closes the kernel's manager, freeing the embeddings; {@link #run()} must not be called after.
   */
  @Override
  public void close() {
    manager.close();
  }
}

package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.ParameterGradients;
import org.rankkit.api.step.StepContext;

/**
 * The {@code memory-bounded} batch strategy: the gradients of a whole batch with the activation
 * memory of one chunk.
 *
 * <ol>
 *   <li>Forward the batch chunk by chunk without autograd, keeping only the {@code B × d}
 *       embeddings.
 *   <li>Evaluate the objective on those embeddings with autograd and get {@code G = dL/dE}.
 *   <li>Forward each chunk again with autograd and backpropagate {@code sum(E_chunk ⊙ G_chunk)},
 *       whose gradient with respect to the parameters is that chunk's share of {@code dL/dθ};
 *       PyTorch sums the chunks' gradients in the parameters' gradient buffers.
 *   <li>The {@link org.rankkit.api.step.StepDriver} then updates the parameters (it skips the
 *       update when every gradient is exactly zero; when {@code G} itself is exactly zero the
 *       second pass is skipped too).
 * </ol>
 *
 * <p>Both passes see the same inputs (the caller augments each item once) and the same layer
 * behaviour: with {@code frozenBatchNorm} (the default) the network runs in inference mode, so
 * BatchNorm uses its running statistics and the gradients equal those of {@code plain} with frozen
 * BatchNorm; otherwise it runs in training mode with per-chunk BatchNorm statistics, and the
 * running statistics that the second pass would update again are restored after it. Dropout masks
 * cannot be made identical across the two passes, so a model with a {@code Dropout} block is
 * refused (dropout hidden inside a lambda block cannot be detected: do not use one).
 *
 * @param config its parameters
 */
public record MemoryBoundedStrategy(MemoryBoundedConfig config) implements BatchStrategy {

  /**
   * Creates the strategy.
   *
   * @param config its parameters
   */
  public MemoryBoundedStrategy {
    Objects.requireNonNull(config, "config");
  }

  @Override
  public double computeGradients(
      StepContext step, NDArray inputs, long[] labels, EmbeddingObjective objective) {
    Block block = step.network();
    ModelInspection.refuseDropout(
        block,
        "the memory-bounded strategy forwards every item twice and the two dropout masks would"
            + " differ; remove dropout or use the plain strategy with frozenBatchNorm=false");
    boolean training = !config.frozenBatchNorm();
    int batch = labels.length;
    NDManager scope = step.manager();
    int chunk = chunkSize(scope, inputs, x -> step.embed(x, false));
    // (1) embeddings of every chunk, no autograd
    NDArray embeddings;
    boolean gradMode = ParameterGradients.disableGradMode();
    try {
      NDList parts = new NDList();
      for (int start = 0; start < batch; start += chunk) {
        int end = Math.min(batch, start + chunk);
        try (NDManager chunkScope = scope.newSubManager()) {
          NDArray x = slice(inputs, start, end, chunkScope);
          NDArray e = step.embed(x, training).stopGradient();
          e.attach(scope);
          parts.add(e);
          step.sampleMemory();
        }
      }
      embeddings = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts);
      if (parts.size() > 1) {
        parts.close();
      }
    } finally {
      ParameterGradients.restoreGradMode(gradMode);
    }
    List<NDArray[]> runningStats = training ? saveRunningStatistics(block, scope) : List.of();
    double loss;
    try {
      // (2) the objective on the embeddings, with autograd: G = dL/dE
      NDArray upstream;
      try (NDManager objectiveScope = scope.newSubManager()) {
        embeddings.attach(objectiveScope);
        embeddings.setRequiresGradient(true);
        NDArray value = objective.compute(embeddings, labels);
        loss = StepContext.valueOf(value);
        step.backward(value);
        try (NDArray gradient = embeddings.getGradient()) {
          upstream = gradient.duplicate();
        }
        upstream.attach(scope);
      }
      // (3) each chunk again, with autograd: backpropagate sum(E_chunk * G_chunk); nothing to
      // backpropagate when G is exactly zero (a batch without positives, say)
      int secondPassEnd = isZero(upstream) ? 0 : batch;
      for (int start = 0; start < secondPassEnd; start += chunk) {
        int end = Math.min(batch, start + chunk);
        try (NDManager chunkScope = scope.newSubManager()) {
          NDArray x = slice(inputs, start, end, chunkScope);
          NDArray e = step.embed(x, training);
          NDArray g = slice(upstream, start, end, chunkScope);
          step.backward(e.mul(g).sum());
        }
      }
    } finally {
      restoreRunningStatistics(runningStats);
    }
    return loss;
  }

  /**
   * Returns the chunk size of this step: {@code chunk}, or the number of items whose forward
   * activations fit {@code memoryBudgetBytes} (measured by forwarding one item in inference mode
   * and adding up the arrays that the forward created).
   */
  int chunkSize(NDManager step, NDArray inputs, UnaryOperator<NDArray> inferenceForward) {
    if (config.memoryBudgetBytes() == 0) {
      return config.chunk();
    }
    long perItem = 0;
    boolean gradMode = ParameterGradients.disableGradMode();
    try (NDManager scope = step.newSubManager()) {
      NDArray x = slice(inputs, 0, 1, scope);
      inferenceForward.apply(x);
      for (NDArray array : scope.getManagedArrays()) {
        if (array != x) {
          perItem += array.getShape().size() * array.getDataType().getNumOfBytes();
        }
      }
    } finally {
      ParameterGradients.restoreGradMode(gradMode);
    }
    long items = config.memoryBudgetBytes() / Math.max(1, perItem);
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, items));
  }

  private static boolean isZero(NDArray array) {
    try (NDArray zero = array.eq(0);
        NDArray all = zero.all()) {
      return all.getBoolean();
    }
  }

  private static NDArray slice(NDArray array, int start, int end, NDManager scope) {
    NDArray part = array.get(new NDIndex("{}:{}", start, end));
    part.attach(scope);
    return part;
  }

  /** Copies BatchNorm's running statistics (parameters that never take a gradient). */
  private static List<NDArray[]> saveRunningStatistics(Block block, NDManager step) {
    List<NDArray[]> saved = new ArrayList<>();
    for (Parameter parameter : block.getParameters().values()) {
      Parameter.Type type = parameter.getType();
      if ((type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR)
          && parameter.isInitialized()) {
        NDArray live = parameter.getArray();
        NDArray copy = live.duplicate();
        copy.attach(step);
        saved.add(new NDArray[] {live, copy});
      }
    }
    return saved;
  }

  private static void restoreRunningStatistics(List<NDArray[]> saved) {
    for (NDArray[] pair : saved) {
      pair[0].set(new NDIndex("..."), pair[1]);
    }
  }

  @Override
  public String toString() {
    return "memory-bounded" + config;
  }
}

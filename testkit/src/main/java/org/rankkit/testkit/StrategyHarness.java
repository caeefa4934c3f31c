package org.rankkit.testkit;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.rankkit.api.loss.EngineArrays;
import org.rankkit.api.step.BatchStrategy;
import org.rankkit.api.step.EmbeddingObjective;
import org.rankkit.api.step.StepContext;

/**
 * The model, inputs, objectives and reference strategy behind {@link BatchStrategyContract}: a
 * float64 perceptron (no layer whose output depends on the batch or on the training flag), and an
 * optimiser that records the gradients it is handed instead of moving the weights.
 */
final class StrategyHarness {

  /** Input features of one item. */
  static final int FEATURES = 5;

  /** The reference: the whole batch forwarded once with autograd, one backward. */
  static final BatchStrategy REFERENCE =
      (step, inputs, labels, objective) -> {
        NDArray embeddings = step.embed(inputs, false);
        NDArray value = objective.compute(embeddings, labels);
        double loss = StepContext.valueOf(value);
        step.backward(value);
        return loss;
      };

  private StrategyHarness() {}

  /** A float64 two-layer perceptron, {@code FEATURES → 12 → 6} (the caller closes the model). */
  static Model model() {
    Model model = Model.newInstance("batch-strategy-contract");
    model.setDataType(DataType.FLOAT64);
    model.setBlock(
        new SequentialBlock()
            .add(Linear.builder().setUnits(12).build())
            .add(Activation.tanhBlock())
            .add(Linear.builder().setUnits(6).build()));
    return model;
  }

  /** A trainer whose optimiser records gradients; closing it does not close the model. */
  static Trainer trainer(Model model, Recorder recorder) {
    Trainer trainer =
        model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(recorder));
    trainer.initialize(new Shape(2, FEATURES));
    return trainer;
  }

  /** A reproducible float64 batch. */
  static NDArray inputs(NDManager manager, int batch, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[batch * FEATURES];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return manager.create(values, new Shape(batch, FEATURES));
  }

  /**
   * A label-aware quadratic objective: {@code Σ_ij w_ij (e_i·e_j)} with {@code w = 1} for distinct
   * items of one label and {@code -0.3} otherwise. Every embedding's gradient depends on the
   * others', as a ranking loss's does.
   */
  static EmbeddingObjective labelledQuadratic() {
    return (embeddings, labels) -> {
      int b = labels.length;
      double[] w = new double[b * b];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < b; j++) {
          w[i * b + j] = i == j ? 0 : labels[i] == labels[j] ? 1 : -0.3;
        }
      }
      NDManager manager = embeddings.getManager();
      NDArray weights;
      try (NDArray borrowed = manager.create(w, new Shape(b, b));
          NDArray typed = borrowed.toType(embeddings.getDataType(), false)) {
        weights = EngineArrays.owned(typed); // backward reads it
      }
      NDArray similarities = embeddings.matMul(embeddings.transpose());
      return similarities.mul(weights).sum();
    };
  }

  /** An objective whose gradient is exactly zero everywhere. */
  static EmbeddingObjective constantZero() {
    return (embeddings, labels) -> {
      return EngineArrays.zeroLink(embeddings);
    };
  }

  /** An optimiser that changes nothing and records the gradients of the last update. */
  static final class Recorder extends Optimizer {

    private final Map<String, double[]> gradients = new LinkedHashMap<>();

    Recorder() {
      super(new Builder());
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
      try (NDArray asDouble = grad.toType(DataType.FLOAT64, true)) {
        gradients.put(parameterId, asDouble.toDoubleArray());
      }
    }

    /** Returns the gradients of the last update by parameter id, and forgets them. */
    Map<String, double[]> take() {
      Map<String, double[]> out = new LinkedHashMap<>(gradients);
      gradients.clear();
      return out;
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
      @Override
      protected Builder self() {
        return this;
      }
    }
  }
}

package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An optimiser that changes nothing and records the gradients it is given, so that two strategies
 * can be run on the same model and their gradients compared.
 */
final class GradientRecorder extends Optimizer {

  private final Map<String, double[]> gradients = new LinkedHashMap<>();
  private int updates;

  GradientRecorder() {
    super(new Builder());
  }

  @Override
  public void update(String parameterId, NDArray weight, NDArray grad) {
    gradients.put(
        parameterId, grad.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray());
    updates++;
  }

  /** Returns the gradients of the last step by parameter id, and forgets them. */
  Map<String, double[]> take() {
    Map<String, double[]> out = new LinkedHashMap<>(gradients);
    gradients.clear();
    return out;
  }

  /** Returns how many parameter updates were requested so far. */
  int updates() {
    return updates;
  }

  private static final class Builder extends OptimizerBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }
  }
}

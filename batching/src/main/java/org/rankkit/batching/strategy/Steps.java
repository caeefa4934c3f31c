package org.rankkit.batching.strategy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.Trainer;

/** Checks and forward helpers shared by the strategies. */
final class Steps {

  private Steps() {}

  /** Throws unless inputs has a first dimension of {@code labels.length >= 1}. */
  static void checkBatch(NDArray inputs, long[] labels) {
    if (labels.length == 0) {
      throw new IllegalArgumentException("the batch is empty");
    }
    if (inputs.getShape().dimension() == 0 || inputs.getShape().get(0) != labels.length) {
      throw new IllegalArgumentException(
          "inputs must have the batch size "
              + labels.length
              + " (labels.length) as first dimension, got shape "
              + inputs.getShape());
    }
  }

  /**
   * Runs the network on inputs.
   *
   * @param trainer the trainer
   * @param inputs a batch or chunk
   * @param training DJL's training flag (false: BatchNorm uses running statistics, no dropout)
   * @return the {@code n × d} embeddings
   */
  static NDArray embed(Trainer trainer, NDArray inputs, boolean training) {
    NDList out = training ? trainer.forward(new NDList(inputs)) : trainer.evaluate(new NDList(inputs));
    if (out.size() != 1) {
      throw new IllegalArgumentException(
          "the model must output one array of embeddings, got " + out.size() + " arrays");
    }
    NDArray embeddings = out.singletonOrThrow();
    if (embeddings.getShape().dimension() != 2
        || embeddings.getShape().get(0) != inputs.getShape().get(0)) {
      throw new IllegalArgumentException(
          "the model must output n x d embeddings for n inputs, got shape "
              + embeddings.getShape()
              + " for "
              + inputs.getShape().get(0)
              + " inputs");
    }
    return embeddings;
  }

  /** Returns a scalar's value as a double. */
  static double scalar(NDArray value) {
    if (value.getShape().size() != 1) {
      throw new IllegalArgumentException(
          "the objective must return a scalar, got shape " + value.getShape());
    }
    if (value.getDataType() == DataType.FLOAT64) {
      return value.toDoubleArray()[0];
    }
    try (NDArray asDouble = value.toType(DataType.FLOAT64, true)) {
      return asDouble.toDoubleArray()[0];
    }
  }
}

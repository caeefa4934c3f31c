package org.rankkit.api.step;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;

/**
 * What the {@link StepDriver} hands a {@link BatchStrategy} for one step. Valid only during {@link
 * BatchStrategy#computeGradients}.
 */
public interface StepContext {

  /** {@return the step's scope: arrays attached to it are closed when the step ends} */
  NDManager manager();

  /** {@return the network being trained (for inspection, e.g. refusing dropout)} */
  Block network();

  /**
   * Runs the network on inputs. Records autograd unless recording is switched off on this thread
   * ({@link ParameterGradients#disableGradMode()}).
   *
   * @param inputs a batch or a chunk of it, first dimension {@code n}
   * @param training DJL's training flag (false: BatchNorm uses its running statistics, no dropout)
   * @return the {@code n × d} embeddings
   * @throws IllegalArgumentException when the network does not return one {@code n × d} array
   */
  NDArray embed(NDArray inputs, boolean training);

  /**
   * Backpropagates a scalar through the step's gradient collector (the only one of the process);
   * the parameters' gradients accumulate over calls.
   *
   * @param scalar a scalar recorded by autograd
   */
  void backward(NDArray scalar);

  /** Records the memory in use now (on a GPU; the CPU's peak is kept by the kernel). */
  void sampleMemory();

  /**
   * Returns a scalar array's value.
   *
   * @param scalar an array of one element
   * @return its value as a double
   * @throws IllegalArgumentException when the array has more than one element
   */
  static double valueOf(NDArray scalar) {
    if (scalar.getShape().size() != 1) {
      throw new IllegalArgumentException(
          "the objective must return a scalar, got shape " + scalar.getShape());
    }
    if (scalar.getDataType() == DataType.FLOAT64) {
      return scalar.toDoubleArray()[0];
    }
    try (NDArray asDouble = scalar.toType(DataType.FLOAT64, true)) {
      return asDouble.toDoubleArray()[0];
    }
  }
}

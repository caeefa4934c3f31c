package org.rankkit.api.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Two small tools every loss, augmentation and test harness needs around autograd on the CPU.
 *
 * <ul>
 *   <li>{@link #owned(NDArray)}: an array made by {@code NDManager.create(...)} from Java data may
 *       borrow a Java buffer that is freed as soon as the array is closed, although autograd can
 *       still read it during backward (as the constant factor of a {@code mul}, say). Copy such
 *       arrays into engine-owned memory before an op that backward will read. Arrays produced by
 *       engine ops are engine-owned already.
 *   <li>{@link #zeroLink(NDArray)}: a scalar that is exactly 0 and still connected to an array, to
 *       add to a loss that may be a constant (a batch in which no query has a positive), so that
 *       backward runs and gives exact zero gradients.
 * </ul>
 */
public final class EngineArrays {

  private EngineArrays() {}

  /**
   * Returns an engine-owned copy of an array, in the same manager (the caller still owns and closes
   * {@code created}).
   *
   * @param created typically an array from {@code NDManager.create}
   * @return a copy whose memory the engine allocated
   */
  public static NDArray owned(NDArray created) {
    return created.mul(1);
  }

  /**
   * Returns {@code 0 · Σx}: exactly zero, differentiable with respect to {@code x}, with zero
   * gradient. The zero factor is engine-allocated, so backward never reads a freed Java buffer.
   *
   * @param x an array (usually requiring gradients)
   * @return a scalar of {@code x}'s data type, in {@code x}'s manager
   */
  public static NDArray zeroLink(NDArray x) {
    return x.sum().mul(x.getManager().zeros(new Shape(), x.getDataType()));
  }
}

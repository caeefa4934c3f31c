package org.rankkit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * One decoded batch, held as a plain float array so that it can be produced on any thread.
 *
 * @param number position of the batch in its loader's sequence (0, 1, ...)
 * @param indices the item indices, in batch order
 * @param labels the items' labels, in batch order
 * @param data the normalised pixels, shape {@code shape}, row-major
 * @param shape (B, C, H, W)
 */
public record Batch(long number, int[] indices, long[] labels, float[] data, Shape shape) {

  /**
   * Creates a float32 NDArray of shape (B, C, H, W) with the pixels; call on the consumer thread.
   *
   * @param manager the manager that owns the new array (the caller closes it or its manager)
   * @return the images, a copy of {@link #data()}
   */
  public NDArray images(NDManager manager) {
    return manager.create(data, shape);
  }

  /**
   * Creates an int64 NDArray of shape (B) with the labels.
   *
   * @param manager the manager that owns the new array (the caller closes it or its manager)
   * @return the labels, a copy of {@link #labels()}
   */
  public NDArray labelArray(NDManager manager) {
    return manager.create(labels);
  }
}

package org.rankkit.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;

/**
 * One split of a retrieval dataset: a fixed, indexed list of labelled images that can be decoded,
 * transformed and normalised into float batches.
 *
 * <p>Implementations are immutable and thread-safe: {@link #loadInto} and {@link #load} may be
 * called concurrently from several threads (each call with its own {@link RandomGenerator}). The
 * random generator is consumed item by item in the order of the given indices, so the same indices
 * with identically seeded generators give identical batches.
 */
public interface ImageSet {

  /** {@return the number of items} */
  int size();

  /**
   * Returns the class label of one item.
   *
   * @param index the item, 0 ≤ index &lt; {@link #size()}
   * @return its class label
   */
  long label(int index);

  /** {@return a fresh copy of all labels, in item order} */
  default long[] labels() {
    long[] labels = new long[size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = label(i);
    }
    return labels;
  }

  /**
   * {@return the per-channel normalisation applied after scaling pixels to [0, 1]; the default, for
   * sets that do not say, throws}
   *
   * @throws UnsupportedOperationException when the set does not say how it normalises
   */
  default Normalisation normalisation() {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not say how it normalises");
  }

  /**
   * Returns a view of the first items of this set (for {@code maxTrainItems}, {@code maxEvalItems}
   * and a dataset's {@code maxItemsPerSplit}).
   *
   * @param max the number of items to keep; 0 keeps all
   * @return the view, or this set itself when {@code max} is 0 or not smaller than its size
   */
  default ImageSet first(int max) {
    return SubsetImageSet.head(this, max);
  }

  /** {@return the shape (C, H, W) of one item after the transform} */
  Shape itemShape();

  /** {@return the number of floats of one item, C·H·W} */
  default int itemLength() {
    return Math.toIntExact(itemShape().size());
  }

  /**
   * Decodes item {@code index}, transforms it and writes its C·H·W normalised floats to {@code
   * dest} starting at {@code offset}.
   *
   * @param index the item, 0 ≤ index &lt; {@link #size()}
   * @param augment true for the training augmentation, false for the evaluation transform
   * @param random source of the augmentation's randomness; unused, and may be null, when {@code
   *     augment} is false
   * @param dest the array to write into; needs {@link #itemLength()} floats from {@code offset}
   * @param offset index in {@code dest} of the item's first float
   * @throws BadImageException if the image file is missing or cannot be decoded
   */
  void loadInto(int index, boolean augment, RandomGenerator random, float[] dest, int offset);

  /**
   * Decodes the given items into one flat float array of shape (B, C, H, W), B = indices.length.
   * Needs no NDManager, so it can run on any thread.
   *
   * @param indices the items, in batch order
   * @param augment true for the training augmentation, false for the evaluation transform
   * @param random consumed item by item in batch order; may be null when {@code augment} is false
   * @return a new array of B·C·H·W normalised floats, row-major
   * @throws BadImageException if an image file is missing or cannot be decoded
   */
  default float[] loadFloats(int[] indices, boolean augment, RandomGenerator random) {
    int length = itemLength();
    float[] data = new float[Math.multiplyExact(indices.length, length)];
    for (int i = 0; i < indices.length; i++) {
      loadInto(indices[i], augment, random, data, i * length);
    }
    return data;
  }

  /**
   * Returns the batch shape for a number of items.
   *
   * @param batchSize the number of items B
   * @return (B, C, H, W)
   */
  default Shape batchShape(int batchSize) {
    Shape item = itemShape();
    return new Shape(batchSize, item.get(0), item.get(1), item.get(2));
  }

  /**
   * Loads a float32 batch of shape (B, C, H, W) into {@code manager}: the training augmentation
   * when {@code augment} is true, the evaluation transform otherwise; normalised.
   *
   * @param manager the manager that owns the new array (the caller closes it or its manager)
   * @param indices the items, in batch order
   * @param augment true for the training augmentation, false for the evaluation transform
   * @param random consumed item by item in batch order; may be null when {@code augment} is false
   * @return the new batch array
   * @throws BadImageException if an image file is missing or cannot be decoded
   */
  default NDArray load(NDManager manager, int[] indices, boolean augment, RandomGenerator random) {
    return manager.create(loadFloats(indices, augment, random), batchShape(indices.length));
  }
}

package org.rankkit.trainer.run;

import ai.djl.ndarray.types.Shape;
import java.util.random.RandomGenerator;
import org.rankkit.data.ImageSet;

/** The first {@code n} items of an {@link ImageSet} ({@code maxTrainItems}, {@code maxEvalItems}). */
final class FirstItems implements ImageSet {

  private final ImageSet base;
  private final int size;

  private FirstItems(ImageSet base, int size) {
    this.base = base;
    this.size = size;
  }

  /**
   * Returns the first {@code max} items, or the set itself when {@code max} is 0 or not smaller.
   *
   * @param set the set
   * @param max the number of items to keep (0 = all)
   * @return the view
   */
  static ImageSet of(ImageSet set, int max) {
    return max <= 0 || max >= set.size() ? set : new FirstItems(set, max);
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public long label(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("item " + index + " outside 0.." + (size - 1));
    }
    return base.label(index);
  }

  @Override
  public org.rankkit.data.Normalisation normalisation() {
    return base.normalisation();
  }

  @Override
  public Shape itemShape() {
    return base.itemShape();
  }

  @Override
  public void loadInto(int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("item " + index + " outside 0.." + (size - 1));
    }
    base.loadInto(index, augment, random, dest, offset);
  }
}

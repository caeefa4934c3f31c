package org.rankkit.data;

import java.util.random.RandomGenerator;

/** A view of selected items of another {@link ImageSet}, in the given order. */
final class SubsetImageSet extends DelegatingImageSet {

  private final int[] items;

  SubsetImageSet(ImageSet base, int[] items) {
    super(base);
    this.items = items.clone();
    for (int item : this.items) {
      if (item < 0 || item >= base.size()) {
        throw new IllegalArgumentException("item " + item + " outside 0.." + (base.size() - 1));
      }
    }
  }

  /**
   * Returns the first {@code max} items of {@code set}, or {@code set} itself if max is 0 or ≥
   * size.
   */
  static ImageSet head(ImageSet set, int max) {
    if (max <= 0 || max >= set.size()) {
      return set;
    }
    int[] items = new int[max];
    for (int i = 0; i < max; i++) {
      items[i] = i;
    }
    return new SubsetImageSet(set, items);
  }

  @Override
  public int size() {
    return items.length;
  }

  @Override
  public long label(int index) {
    return super.label(items[index]);
  }

  @Override
  public void loadInto(
      int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
    super.loadInto(items[index], augment, random, dest, offset);
  }
}

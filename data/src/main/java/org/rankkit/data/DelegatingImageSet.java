package org.rankkit.data;

import ai.djl.ndarray.types.Shape;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * An image set that passes every call to another one; a subclass overrides only what it changes
 * (which items it shows, a label, how an item loads), as the view of {@link ImageSet#first} does.
 * It is as thread-safe as the set it delegates to and its overrides.
 */
public abstract class DelegatingImageSet implements ImageSet {

  private final ImageSet base;

  /**
   * Creates a set that delegates every call to {@code base}.
   *
   * @param base the set to delegate to
   * @throws NullPointerException if {@code base} is null
   */
  protected DelegatingImageSet(ImageSet base) {
    this.base = Objects.requireNonNull(base, "base");
  }

  @Override
  public int size() {
    return base.size();
  }

  @Override
  public long label(int index) {
    return base.label(index);
  }

  @Override
  public Normalisation normalisation() {
    return base.normalisation();
  }

  @Override
  public Shape itemShape() {
    return base.itemShape();
  }

  @Override
  public void loadInto(
      int index, boolean augment, RandomGenerator random, float[] dest, int offset) {
    base.loadInto(index, augment, random, dest, offset);
  }
}

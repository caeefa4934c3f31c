package org.rankkit.augmentation.simix;

import java.util.ArrayList;
import java.util.List;

/**
 * Typed builder of a {@link SimixAugmentation}: {@code SimixAugmentation.builder()
 * .maxPairsPerClass(8).build()}. Every parameter starts at its default ({@link
 * SimixConfig#defaults()}: virtual items are queries, no cap on pairs per class, pairs sampled from
 * the batch); {@link #build()} validates them through {@link SimixConfig}. The same parameters, by
 * the same names, are what {@code RankKit.augmentation("simix", Map)} takes. A builder is not
 * thread-safe; the augmentation it builds is immutable.
 */
public final class SimixAugmentationBuilder {

  private boolean virtualQueries;
  private int maxPairsPerClass;
  private final List<List<Double>> triples = new ArrayList<>();

  /** Starts from the defaults; {@link SimixAugmentation#builder()} is the usual way to get one. */
  public SimixAugmentationBuilder() {
    SimixConfig d = SimixConfig.defaults();
    virtualQueries = d.virtualQueries();
    maxPairsPerClass = d.maxPairsPerClass();
    triples.addAll(d.triples());
  }

  /**
   * Sets whether virtual items are queries as well as gallery items.
   *
   * @param virtualQueries default true (as in the authors' code); false: gallery items only
   * @return this builder
   */
  public SimixAugmentationBuilder virtualQueries(boolean virtualQueries) {
    this.virtualQueries = virtualQueries;
    return this;
  }

  /**
   * Caps the number of sampled pairs per class (a random subset when a class has more).
   *
   * @param maxPairsPerClass {@code >= 1}, or 0 (default) for every unordered same-label pair
   * @return this builder
   */
  public SimixAugmentationBuilder maxPairsPerClass(int maxPairsPerClass) {
    this.maxPairsPerClass = maxPairsPerClass;
    return this;
  }

  /**
   * Adds an explicit mix triple; once any is given, pairs are no longer sampled from the batch.
   *
   * @param i index of the first item
   * @param j index of the second item, {@code j != i}, same label as {@code i}
   * @param alpha weight of item {@code i} in {@code [0, 1]} (item {@code j} gets {@code 1 − α})
   * @return this builder
   */
  public SimixAugmentationBuilder triple(int i, int j, double alpha) {
    triples.add(List.of((double) i, (double) j, alpha));
    return this;
  }

  /**
   * Returns the validated configuration of the parameters set so far.
   *
   * @return the configuration
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public SimixConfig config() {
    return new SimixConfig(virtualQueries, maxPairsPerClass, triples);
  }

  /**
   * Builds the augmentation.
   *
   * @return the augmentation
   * @throws IllegalArgumentException naming the invalid parameter and what is allowed
   */
  public SimixAugmentation build() {
    return new SimixAugmentation(config());
  }
}

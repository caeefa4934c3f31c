package org.rankkit.augmentation.simix;

import java.util.List;

/**
 * Parameters of the {@code simix} augmentation.
 *
 * @param virtualQueries whether virtual items are queries as well as gallery items (default true,
 *     as in the authors' code); with false they are gallery items only
 * @param maxPairsPerClass at most this many sampled pairs per class (a random subset when a class
 *     has more); 0 (default) = every unordered same-label pair
 * @param triples explicit mix triples {@code [i, j, α]} (integer item indices {@code i ≠ j} of the
 *     same label, {@code α ∈ [0,1]}); empty (default) = sample pairs from the batch
 */
public record SimixConfig(
    boolean virtualQueries, int maxPairsPerClass, List<List<Double>> triples) {

  /**
   * Validates the values (indices against a batch are checked when applied) and stores an
   * unmodifiable copy of the triples.
   *
   * @param virtualQueries whether virtual items are queries as well as gallery items
   * @param maxPairsPerClass cap on sampled pairs per class, {@code >= 0} (0 = no cap)
   * @param triples explicit triples {@code [i, j, α]}, not null (empty = sample pairs)
   * @throws IllegalArgumentException when a value or a triple is invalid
   */
  public SimixConfig {
    if (maxPairsPerClass < 0) {
      throw new IllegalArgumentException(
          "maxPairsPerClass must be >= 0 (0 = no cap), got " + maxPairsPerClass);
    }
    if (triples == null) {
      throw new IllegalArgumentException("triples must be a list (empty = sample pairs), not null");
    }
    for (int t = 0; t < triples.size(); t++) {
      MixTriple.of(triples.get(t), t); // validates
    }
    triples = triples.stream().map(List::copyOf).toList();
  }

  /** {@return the defaults: virtual queries, no cap, sampled pairs} */
  public static SimixConfig defaults() {
    return new SimixConfig(true, 0, List.of());
  }

  /** {@return the explicit triples, parsed (a new list each call; empty when pairs are sampled)} */
  public List<MixTriple> mixTriples() {
    java.util.ArrayList<MixTriple> out = new java.util.ArrayList<>(triples.size());
    for (int t = 0; t < triples.size(); t++) {
      out.add(MixTriple.of(triples.get(t), t));
    }
    return out;
  }
}

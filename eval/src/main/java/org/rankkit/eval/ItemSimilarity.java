package org.rankkit.eval;

/** The canonical similarity of one query to gallery items. */
@FunctionalInterface
interface ItemSimilarity {
  /**
   * Returns the canonical similarity of the query to gallery item {@code item}.
   *
   * @param item gallery index
   */
  double of(int item);
}

package org.rankkit.eval;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What to evaluate and how: the k values of {@code recall@k}, the metrics, the block sizes of the
 * exact search, the k-means seed of NMI and the number of Java worker threads.
 *
 * <p>Memory of the search is bounded by {@code queryBlock × galleryBlock} similarities on the
 * device plus, per query block, the running top-k lists (or, when {@code map} is requested, the
 * positives of each query).
 *
 * @param ks the k values of {@code recall@k}: at least one, each ≥ 1; stored sorted, duplicates
 *     removed
 * @param metrics the metrics to compute: at least one
 * @param queryBlock queries per similarity block, ≥ 1
 * @param galleryBlock database items per similarity block, ≥ 1
 * @param nmiSeed seed of the k-means behind NMI
 * @param threads Java worker threads for the top-k selection and counting, ≥ 1
 */
public record EvalConfig(
    List<Integer> ks, Set<Metric> metrics, int queryBlock, int galleryBlock, long nmiSeed, int threads) {

  /** Default k values of {@code recall@k}: 1, 2, 4, 8. */
  public static final List<Integer> DEFAULT_KS = List.of(1, 2, 4, 8);

  /** Default metrics: recall, r_precision, map_at_r, map (NMI costs a k-means run: opt in). */
  public static final Set<Metric> DEFAULT_METRICS =
      Collections.unmodifiableSet(EnumSet.of(Metric.RECALL, Metric.R_PRECISION, Metric.MAP_AT_R, Metric.MAP));

  /** Default queries per block. */
  public static final int DEFAULT_QUERY_BLOCK = 512;

  /** Default database items per block. */
  public static final int DEFAULT_GALLERY_BLOCK = 4096;

  /**
   * Validates and normalises the configuration: {@code ks} sorted without duplicates, both
   * collections copied into unmodifiable ones.
   *
   * @param ks the k values of {@code recall@k}: at least one, each ≥ 1
   * @param metrics the metrics to compute: at least one
   * @param queryBlock queries per similarity block, ≥ 1
   * @param galleryBlock database items per similarity block, ≥ 1
   * @param nmiSeed seed of the k-means behind NMI
   * @param threads Java worker threads, ≥ 1
   * @throws IllegalArgumentException naming the bad value and what is allowed
   */
  public EvalConfig {
    if (ks == null || ks.isEmpty()) {
      throw new IllegalArgumentException("ks must list at least one k >= 1, e.g. [1, 2, 4, 8]");
    }
    TreeSet<Integer> sorted = new TreeSet<>();
    for (Integer k : ks) {
      if (k == null || k < 1) {
        throw new IllegalArgumentException("ks: every k must be an integer >= 1, got " + k);
      }
      sorted.add(k);
    }
    ks = List.copyOf(sorted);
    if (metrics == null || metrics.isEmpty()) {
      throw new IllegalArgumentException(
          "metrics must name at least one of recall, r_precision, map_at_r, map, nmi");
    }
    metrics = Collections.unmodifiableSet(EnumSet.copyOf(metrics));
    if (queryBlock < 1) {
      throw new IllegalArgumentException("queryBlock must be >= 1, got " + queryBlock);
    }
    if (galleryBlock < 1) {
      throw new IllegalArgumentException("galleryBlock must be >= 1, got " + galleryBlock);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /**
   * Returns the defaults: ks 1,2,4,8; recall, r_precision, map_at_r, map; blocks 512 × 4096; seed
   * 0; one thread per available processor.
   *
   * @return the default configuration
   */
  public static EvalConfig defaults() {
    return new EvalConfig(
        DEFAULT_KS, DEFAULT_METRICS, DEFAULT_QUERY_BLOCK, DEFAULT_GALLERY_BLOCK, 0L,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Returns a copy with other k values.
   *
   * @param newKs the k values
   * @return the new configuration
   */
  public EvalConfig withKs(List<Integer> newKs) {
    return new EvalConfig(newKs, metrics, queryBlock, galleryBlock, nmiSeed, threads);
  }

  /**
   * Returns a copy with other metrics.
   *
   * @param newMetrics the metrics
   * @return the new configuration
   */
  public EvalConfig withMetrics(Set<Metric> newMetrics) {
    return new EvalConfig(ks, newMetrics, queryBlock, galleryBlock, nmiSeed, threads);
  }

  /**
   * Returns a copy with other block sizes.
   *
   * @param newQueryBlock queries per block
   * @param newGalleryBlock database items per block
   * @return the new configuration
   */
  public EvalConfig withBlocks(int newQueryBlock, int newGalleryBlock) {
    return new EvalConfig(ks, metrics, newQueryBlock, newGalleryBlock, nmiSeed, threads);
  }

  /**
   * Returns a copy with another k-means seed for NMI.
   *
   * @param newSeed the seed
   * @return the new configuration
   */
  public EvalConfig withNmiSeed(long newSeed) {
    return new EvalConfig(ks, metrics, queryBlock, galleryBlock, newSeed, threads);
  }

  /**
   * Returns a copy with another number of Java worker threads.
   *
   * @param newThreads worker threads
   * @return the new configuration
   */
  public EvalConfig withThreads(int newThreads) {
    return new EvalConfig(ks, metrics, queryBlock, galleryBlock, nmiSeed, newThreads);
  }

  /**
   * Returns the largest k.
   *
   * @return the largest configured k
   */
  public int maxK() {
    return ks.get(ks.size() - 1);
  }
}

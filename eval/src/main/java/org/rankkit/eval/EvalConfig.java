package org.rankkit.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.rankkit.api.metric.RankingMetric;
import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.eval.metric.MapAtR;
import org.rankkit.eval.metric.MeanAveragePrecision;
import org.rankkit.eval.metric.RPrecision;
import org.rankkit.eval.metric.RecallAtK;

/**
 * What to evaluate and how: the cut-offs k of the {@code @k} metrics, the metrics, the chunk sizes
 * of the exact search, the seed of the clustering metrics (NMI's k-means) and the number of Java
 * worker threads.
 *
 * <p>Memory of the search is bounded by {@code queryChunk × galleryChunk} similarities on the
 * device plus, per query chunk, the running top lists (or, when a metric needs every positive's
 * rank, as {@code map} does, the positives of each query).
 *
 * @param ks the cut-offs k of the {@code @k} metrics ({@code recall@k}): at least one, each ≥ 1;
 *     stored sorted, duplicates removed
 * @param metrics the metrics to compute, in output order: at least one; no two may write the same
 *     result key
 * @param queryChunk queries per similarity chunk, ≥ 1
 * @param galleryChunk gallery items per similarity chunk, ≥ 1
 * @param nmiSeed seed of the k-means behind NMI
 * @param threads Java worker threads for the top-k selection and counting, ≥ 1
 */
public record EvalConfig(
    List<Integer> ks,
    List<RetrievalMetric> metrics,
    int queryChunk,
    int galleryChunk,
    long nmiSeed,
    int threads) {

  /** Default cut-offs of the {@code @k} metrics: 1, 2, 4, 8. */
  public static final List<Integer> DEFAULT_KS = List.of(1, 2, 4, 8);

  /** Default metrics: recall, r_precision, map_at_r, map (NMI costs a k-means run: opt in). */
  public static final List<RetrievalMetric> DEFAULT_METRICS =
      List.of(
          RecallAtK.INSTANCE, RPrecision.INSTANCE, MapAtR.INSTANCE, MeanAveragePrecision.INSTANCE);

  /** Default queries per chunk. */
  public static final int DEFAULT_QUERY_CHUNK = 512;

  /** Default gallery items per chunk. */
  public static final int DEFAULT_GALLERY_CHUNK = 4096;

  /**
   * Validates and normalises the configuration: {@code ks} sorted without duplicates, both lists
   * copied into unmodifiable ones.
   *
   * @param ks the cut-offs of the {@code @k} metrics: at least one, each ≥ 1
   * @param metrics the metrics to compute, in output order: at least one, no result key twice
   * @param queryChunk queries per similarity chunk, ≥ 1
   * @param galleryChunk gallery items per similarity chunk, ≥ 1
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
          "metrics must name at least one metric, e.g. "
              + RecallAtK.ID
              + " ('rankkit plugins' lists them)");
    }
    metrics = List.copyOf(metrics);
    Set<String> seen = new HashSet<>();
    for (RetrievalMetric metric : metrics) {
      for (String key : metric.keys(ks)) {
        if (!seen.add(key)) {
          throw new IllegalArgumentException(
              "metrics: the result '" + key + "' is asked for twice");
        }
      }
    }
    if (queryChunk < 1) {
      throw new IllegalArgumentException("queryChunk must be >= 1, got " + queryChunk);
    }
    if (galleryChunk < 1) {
      throw new IllegalArgumentException("galleryChunk must be >= 1, got " + galleryChunk);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
  }

  /**
   * Returns the defaults: ks 1,2,4,8; {@link #DEFAULT_METRICS}; chunks 512 × 4096; seed 0; one
   * thread per available processor.
   *
   * @return the default configuration
   */
  public static EvalConfig defaults() {
    return new EvalConfig(
        DEFAULT_KS,
        DEFAULT_METRICS,
        DEFAULT_QUERY_CHUNK,
        DEFAULT_GALLERY_CHUNK,
        0L,
        Runtime.getRuntime().availableProcessors());
  }

  /**
   * Returns a copy with other k values.
   *
   * @param newKs the k values
   * @return the new configuration
   */
  public EvalConfig withKs(List<Integer> newKs) {
    return new EvalConfig(newKs, metrics, queryChunk, galleryChunk, nmiSeed, threads);
  }

  /**
   * Returns a copy with other metrics.
   *
   * @param newMetrics the metrics, in output order
   * @return the new configuration
   */
  public EvalConfig withMetrics(List<RetrievalMetric> newMetrics) {
    return new EvalConfig(ks, newMetrics, queryChunk, galleryChunk, nmiSeed, threads);
  }

  /**
   * Returns a copy with other chunk sizes.
   *
   * @param newQueryChunk queries per chunk
   * @param newGalleryChunk gallery items per chunk
   * @return the new configuration
   */
  public EvalConfig withChunks(int newQueryChunk, int newGalleryChunk) {
    return new EvalConfig(ks, metrics, newQueryChunk, newGalleryChunk, nmiSeed, threads);
  }

  /**
   * Returns a copy with another k-means seed for NMI.
   *
   * @param newSeed the seed
   * @return the new configuration
   */
  public EvalConfig withNmiSeed(long newSeed) {
    return new EvalConfig(ks, metrics, queryChunk, galleryChunk, newSeed, threads);
  }

  /**
   * Returns a copy with another number of Java worker threads.
   *
   * @param newThreads worker threads
   * @return the new configuration
   */
  public EvalConfig withThreads(int newThreads) {
    return new EvalConfig(ks, metrics, queryChunk, galleryChunk, nmiSeed, newThreads);
  }

  /**
   * Returns the largest k.
   *
   * @return the largest configured k
   */
  public int maxK() {
    return ks.get(ks.size() - 1);
  }

  /** {@return the result keys of the metrics, in output order (e.g. recall@1, ..., map)} */
  public List<String> keys() {
    List<String> keys = new ArrayList<>();
    metrics.forEach(m -> keys.addAll(m.keys(ks)));
    return List.copyOf(keys);
  }

  /** {@return the ranking metrics among the metrics, in output order} */
  public List<RankingMetric> rankingMetrics() {
    return metrics.stream()
        .filter(RankingMetric.class::isInstance)
        .map(RankingMetric.class::cast)
        .toList();
  }

  /**
   * {@return the fewest gallery items every query needs: the deepest rank that a ranking metric
   * reads whatever the query's positives (the largest k of {@code recall@k}); 0 when none reads a
   * fixed depth}
   */
  public int requiredGallery() {
    int required = 0;
    for (RankingMetric metric : rankingMetrics()) {
      int depth = metric.depth(0, ks);
      if (depth != RankingMetric.EVERY_POSITIVE) {
        required = Math.max(required, depth);
      }
    }
    return required;
  }
}

package org.rankkit.api.metric;

import java.util.Collections;
import java.util.List;

/**
 * A ranking metric with one value per cut-off k of the evaluation, under the keys {@code name@k}
 * ({@code recall@1}, {@code precision@4}, ...), that reads the top {@code max(ks)} ranks. A metric
 * of this shape implements only {@link #value}: the keys, the depth and the loop over the cut-offs
 * are here.
 */
public abstract class CutoffMetric implements RankingMetric {

  private final String keyPrefix;

  /**
   * Names the metric's keys.
   *
   * @param name what precedes {@code @k} in every key, e.g. {@code precision}
   * @throws IllegalArgumentException when the name is blank or contains {@code @}
   */
  protected CutoffMetric(String name) {
    if (name == null || name.isBlank() || name.contains("@")) {
      throw new IllegalArgumentException(
          "a cut-off metric's name must be a non-blank word without '@', got '" + name + "'");
    }
    this.keyPrefix = name + "@";
  }

  /**
   * Computes one query's value at one cut-off.
   *
   * @param query the query's positives and the ranks of those in the top {@code max(ks)}
   * @param k the cut-off
   * @return the value
   */
  protected abstract double value(QueryRanking query, int k);

  @Override
  public final List<String> keys(List<Integer> ks) {
    return ks.stream().map(k -> keyPrefix + k).toList();
  }

  @Override
  public final int depth(int positives, List<Integer> ks) {
    return Collections.max(ks);
  }

  @Override
  public final double[] score(QueryRanking query, List<Integer> ks) {
    double[] values = new double[ks.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = value(query, ks.get(i));
    }
    return values;
  }
}

package org.rankkit.eval.metric;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.rankkit.api.metric.ClusteringMetric;

/**
 * {@code nmi}: normalised mutual information of seeded k-means clusters (as many as there are
 * labels) and the labels (docs/numeric-spec.md). Costs a k-means run, so evaluations opt in.
 */
public final class Nmi implements ClusteringMetric {

  /** The metric id. */
  public static final String ID = "nmi";

  /** The result key. */
  public static final String KEY = "nmi";

  /** The metric (stateless). */
  public static final Nmi INSTANCE = new Nmi();

  private Nmi() {}

  @Override
  public List<String> keys(List<Integer> ks) {
    return List.of(KEY);
  }

  @Override
  public double value(NDArray rows, long[] labels, long seed) {
    return KMeansNmi.nmi(rows, labels, seed);
  }
}

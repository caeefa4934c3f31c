package org.rankkit.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A retrieval metric the evaluator can compute (docs/numeric-spec.md, section "Retrieval metrics"). */
public enum Metric {
  /** {@code recall@k} for every configured k: fraction of queries with a same-label item in the top k. */
  RECALL("recall"),
  /** {@code r_precision}: relevant items in the top R, divided by R. */
  R_PRECISION("r_precision"),
  /** {@code map_at_r}: mean average precision cut at R (Musgrave et al., 2020). */
  MAP_AT_R("map_at_r"),
  /** {@code map}: mean average precision over the whole ranking. */
  MAP("map"),
  /** {@code nmi}: normalised mutual information of seeded k-means clusters and the labels. */
  NMI("nmi");

  private final String id;

  Metric(String id) {
    this.id = id;
  }

  /**
   * Returns the name used on the command line and as the JSON key prefix.
   *
   * @return the metric's id, e.g. {@code map_at_r}
   */
  public String id() {
    return id;
  }

  /**
   * Parses a metric id (case-insensitive; {@code -} is accepted for {@code _}).
   *
   * @param text the id
   * @return the metric
   * @throws IllegalArgumentException naming the value and the allowed ids when unknown
   */
  public static Metric parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (Metric m : values()) {
      if (m.id.equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown metric '" + text + "'; allowed: "
            + Arrays.stream(values()).map(Metric::id).collect(Collectors.joining(", ")));
  }
}

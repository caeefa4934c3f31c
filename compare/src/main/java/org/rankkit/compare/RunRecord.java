package org.rankkit.compare;

/**
 * A finished run as stored in {@code results.json}.
 *
 * @param plan what was run
 * @param outcome what it produced
 */
public record RunRecord(PlannedRun plan, RunOutcome outcome) {

  /**
   * Returns a final metric as a number, or NaN when absent.
   *
   * @param metric e.g. {@code recall@1}
   * @return the value
   */
  public double metric(String metric) {
    Object v = outcome.finalMetrics().get(metric);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}

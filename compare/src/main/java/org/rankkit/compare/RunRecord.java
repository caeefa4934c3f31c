package org.rankkit.compare;

/**
 * A finished run as stored in {@code results.json}.
 *
 * @param plan what was run
 * @param outcome what it produced
 */
public record RunRecord(PlannedRun plan, RunOutcome outcome) {

  /**
   * Returns a metric of the final evaluation, or NaN when it was not computed.
   *
   * @param metric e.g. {@code recall@1}
   * @return the value
   */
  public double metric(String metric) {
    Double value = outcome.finalEvaluation().metrics().get(metric);
    return value == null ? Double.NaN : value;
  }
}

package org.rankkit.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Mean and standard deviation of each final metric over the seeds of one suite entry (and sweep
 * value).
 *
 * @param name the run's name
 * @param sweepValue the swept value, or null
 * @param seeds how many seeds were aggregated
 * @param mean metric → mean over seeds
 * @param std metric → sample standard deviation over seeds (0 for one seed)
 * @param trainSeconds mean training seconds
 * @param peakMemoryBytes largest peak memory over seeds
 */
public record Summary(
    String name,
    String sweepValue,
    int seeds,
    Map<String, Double> mean,
    Map<String, Double> std,
    double trainSeconds,
    long peakMemoryBytes) {

  /**
   * Aggregates finished runs by name and sweep value, keeping the suite's order.
   *
   * @param records the finished runs
   * @return one summary per (name, sweep value)
   */
  public static List<Summary> of(List<RunRecord> records) {
    Map<String, List<RunRecord>> groups = new LinkedHashMap<>();
    for (RunRecord r : records) {
      groups
          .computeIfAbsent(
              r.plan().run().name() + "\u0000" + r.plan().sweepValue(), k -> new ArrayList<>())
          .add(r);
    }
    List<Summary> out = new ArrayList<>();
    for (List<RunRecord> group : groups.values()) {
      TreeSet<String> metrics = new TreeSet<>();
      for (RunRecord r : group) {
        metrics.addAll(r.outcome().finalEvaluation().metrics().keySet());
      }
      Map<String, Double> mean = new LinkedHashMap<>();
      Map<String, Double> std = new LinkedHashMap<>();
      for (String m : metrics) {
        double[] values =
            group.stream().mapToDouble(r -> r.metric(m)).filter(v -> !Double.isNaN(v)).toArray();
        double mu = 0;
        for (double v : values) {
          mu += v;
        }
        mu /= values.length;
        double ss = 0;
        for (double v : values) {
          ss += (v - mu) * (v - mu);
        }
        mean.put(m, mu);
        std.put(m, values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 0.0);
      }
      RunRecord first = group.get(0);
      out.add(
          new Summary(
              first.plan().run().name(),
              first.plan().sweepValue(),
              group.size(),
              mean,
              std,
              group.stream().mapToDouble(r -> r.outcome().trainSeconds()).average().orElse(0),
              group.stream().mapToLong(r -> r.outcome().peakMemoryBytes()).max().orElse(0)));
    }
    return out;
  }

  /**
   * Returns the summaries ranked by a metric, best first (missing values last).
   *
   * @param summaries the summaries
   * @param metric the ranking metric
   * @return a new ranked list
   */
  public static List<Summary> ranked(List<Summary> summaries, String metric) {
    List<Summary> copy = new ArrayList<>(summaries);
    copy.sort(
        Comparator.comparing((Summary s) -> s.mean().getOrDefault(metric, Double.NEGATIVE_INFINITY))
            .reversed());
    return copy;
  }

  /** {@return the display label: the name, plus {@code " @ "} and the swept value in a sweep} */
  public String label() {
    return sweepValue == null ? name : name + " @ " + sweepValue;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Summary s
        && name.equals(s.name)
        && Objects.equals(sweepValue, s.sweepValue);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, sweepValue);
  }
}

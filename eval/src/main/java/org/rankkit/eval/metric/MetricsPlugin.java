package org.rankkit.eval.metric;

import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.api.plugin.NoParameters;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Contributes the built-in metrics: {@code recall}, {@code r-precision}, {@code map-at-r}, {@code
 * map} and {@code nmi}.
 */
public final class MetricsPlugin extends PluginModule {

  /** Creates the plugin module (used by {@link java.util.ServiceLoader}). */
  public MetricsPlugin() {
    super("metrics");
  }

  @Override
  protected void configure() {
    metric(
        RecallAtK.ID,
        "recall@k for every k: queries with a positive in the top k",
        RecallAtK.INSTANCE);
    metric(RPrecision.ID, "positives in the top R, divided by R", RPrecision.INSTANCE);
    metric(MapAtR.ID, "mean average precision cut at R", MapAtR.INSTANCE);
    metric(
        MeanAveragePrecision.ID,
        "mean average precision over the whole ranking",
        MeanAveragePrecision.INSTANCE);
    metric(Nmi.ID, "NMI of seeded k-means clusters and the labels", Nmi.INSTANCE);
  }

  private void metric(String id, String description, RetrievalMetric metric) {
    PluginBindings.add(
        binder(), RetrievalMetric.KIND, id, description, NoParameters.NONE, none -> metric);
  }
}

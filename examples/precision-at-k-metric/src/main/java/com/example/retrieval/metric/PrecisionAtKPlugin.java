package com.example.retrieval.metric;

import org.rankkit.api.metric.RetrievalMetric;
import org.rankkit.api.plugin.NoParameters;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Registers the {@code precision-at-k} metric with RankKit. Listed in {@code
 * META-INF/services/org.rankkit.api.plugin.RankKitPlugin}, so {@link java.util.ServiceLoader} finds
 * it on the class path or in a {@code --plugins} directory. A passive Guice module: {@link
 * #configure()} only binds.
 */
public final class PrecisionAtKPlugin extends PluginModule {

  /** The metric id, as {@code rankkit plugins} lists it and {@code rankkit eval --metrics} selects it. */
  public static final String METRIC_ID = "precision-at-k";

  /** Creates the plugin (ServiceLoader needs a public no-argument constructor). */
  public PrecisionAtKPlugin() {
    super("example-precision-at-k");
  }

  @Override
  protected void configure() {
    PluginBindings.add(
        binder(),
        RetrievalMetric.KIND,
        METRIC_ID,
        "precision@k for every k: positives in the top k, divided by k; example plugin",
        NoParameters.NONE,
        none -> new PrecisionAtK());
  }
}

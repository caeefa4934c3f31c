package com.example.retrieval.loss;

import com.google.inject.AbstractModule;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.RankKitPlugin;
import org.rankkit.api.plugin.RecordPluginFactory;

/**
 * Registers the {@code multi-similarity} loss with RankKit. Listed in {@code
 * META-INF/services/org.rankkit.api.plugin.RankKitPlugin}, so {@link java.util.ServiceLoader} finds
 * it on the class path or in a {@code --plugins} directory. A passive Guice module: {@link
 * #configure()} only binds.
 */
public final class MultiSimilarityPlugin extends AbstractModule implements RankKitPlugin {

  /** The loss id, as {@code rankkit plugins} lists it and {@code --loss} selects it. */
  public static final String LOSS_ID = "multi-similarity";

  /** Creates the plugin (ServiceLoader needs a public no-argument constructor). */
  public MultiSimilarityPlugin() {}

  @Override
  public String id() {
    return "example-multi-similarity";
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        RecordPluginFactory.of(
            PluginKind.LOSS,
            LOSS_ID,
            "Multi-Similarity loss (Wang et al., CVPR 2019) without pair mining; example plugin",
            MultiSimilarityConfig.DEFAULTS,
            MultiSimilarityLoss::new));
  }
}

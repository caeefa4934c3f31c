package com.example.retrieval.loss;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Registers the {@code multi-similarity} loss with RankKit. Listed in {@code
 * META-INF/services/org.rankkit.api.plugin.RankKitPlugin}, so {@link java.util.ServiceLoader} finds
 * it on the class path or in a {@code --plugins} directory. A passive Guice module: {@link
 * #configure()} only binds.
 */
public final class MultiSimilarityPlugin extends PluginModule {

  /** The loss id, as {@code rankkit plugins} lists it and {@code --loss} selects it. */
  public static final String LOSS_ID = "multi-similarity";

  /** Creates the plugin (ServiceLoader needs a public no-argument constructor). */
  public MultiSimilarityPlugin() {
    super("example-multi-similarity");
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        LOSS_ID,
        "Multi-Similarity loss (Wang et al., CVPR 2019) without pair mining; example plugin",
        MultiSimilarityConfig.DEFAULTS,
        MultiSimilarityLoss::new);
  }
}

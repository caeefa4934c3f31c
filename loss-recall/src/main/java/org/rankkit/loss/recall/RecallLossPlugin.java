package org.rankkit.loss.recall;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Plugin {@code loss-recall}: contributes the loss {@code recall-at-k} ({@link RecallAtKLoss},
 * parameters {@link RecallAtKConfig}). Passive: it only binds the factory.
 */
public final class RecallLossPlugin extends PluginModule {

  /** The plugin id. */
  public static final String ID = "loss-recall";

  /** The loss factory id. */
  public static final String LOSS_ID = "recall-at-k";

  /** Creates the plugin (called by {@link java.util.ServiceLoader}). */
  public RecallLossPlugin() {
    super(ID);
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        LOSS_ID,
        "smooth Recall@k surrogate (Patel et al., CVPR 2022) over chunks of queries",
        RecallAtKConfig.defaults(),
        RecallAtKLoss::new);
  }
}

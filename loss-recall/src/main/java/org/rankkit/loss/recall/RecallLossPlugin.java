package org.rankkit.loss.recall;

import com.google.inject.AbstractModule;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.RankKitPlugin;
import org.rankkit.api.plugin.RecordPluginFactory;

/**
 * Plugin {@code loss-recall}: contributes the loss {@code recall-at-k} ({@link RecallAtKLoss},
 * parameters {@link RecallAtKConfig}). Passive: it only binds the factory.
 */
public final class RecallLossPlugin extends AbstractModule implements RankKitPlugin {

  /** The plugin id. */
  public static final String ID = "loss-recall";

  /** The loss factory id. */
  public static final String LOSS_ID = "recall-at-k";

  /** Creates the plugin (called by {@link java.util.ServiceLoader}). */
  public RecallLossPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        RecordPluginFactory.of(
            PluginKind.LOSS,
            LOSS_ID,
            "smooth Recall@k surrogate (Patel et al., CVPR 2022) over chunks of queries",
            RecallAtKConfig.defaults(),
            RecallAtKLoss::new));
  }
}

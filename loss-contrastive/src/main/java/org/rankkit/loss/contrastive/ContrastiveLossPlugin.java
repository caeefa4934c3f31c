package org.rankkit.loss.contrastive;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/** Contributes the {@code contrastive} loss. */
public final class ContrastiveLossPlugin extends PluginModule {

  /** Creates the plugin (found by {@link java.util.ServiceLoader}). */
  public ContrastiveLossPlugin() {
    super("loss-contrastive");
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        "contrastive",
        "pairwise contrastive loss on similarities with positive and negative margins",
        ContrastiveConfig.defaults(),
        ContrastiveLoss::new);
  }
}

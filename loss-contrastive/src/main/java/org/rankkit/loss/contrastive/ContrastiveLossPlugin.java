package org.rankkit.loss.contrastive;

import com.google.inject.AbstractModule;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.RankKitPlugin;
import org.rankkit.api.plugin.RecordPluginFactory;

/** Contributes the {@code contrastive} loss. */
public final class ContrastiveLossPlugin extends AbstractModule implements RankKitPlugin {

  /** Creates the plugin (found by {@link java.util.ServiceLoader}). */
  public ContrastiveLossPlugin() {}

  @Override
  public String id() {
    return "loss-contrastive";
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        RecordPluginFactory.of(
            PluginKind.LOSS,
            "contrastive",
            "pairwise contrastive loss on similarities with positive and negative margins",
            ContrastiveConfig.defaults(),
            ContrastiveLoss::new));
  }
}

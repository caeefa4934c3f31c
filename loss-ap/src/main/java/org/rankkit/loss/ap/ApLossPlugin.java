package org.rankkit.loss.ap;

import com.google.inject.AbstractModule;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.RankKitPlugin;
import org.rankkit.api.plugin.RecordPluginFactory;

/** Contributes the {@code smooth-ap} and {@code fast-ap} losses. */
public final class ApLossPlugin extends AbstractModule implements RankKitPlugin {

  /** Creates the plugin (found by {@link java.util.ServiceLoader}). */
  public ApLossPlugin() {}

  @Override
  public String id() {
    return "loss-ap";
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        RecordPluginFactory.of(
            PluginKind.LOSS,
            "smooth-ap",
            "Smooth-AP (Brown et al., ECCV 2020): 1 - sigmoid-smoothed average precision",
            SmoothApConfig.defaults(),
            SmoothApLoss::new));
    PluginBindings.loss(
        binder(),
        RecordPluginFactory.of(
            PluginKind.LOSS,
            "fast-ap",
            "FastAP (Cakir et al., CVPR 2019): 1 - histogram-binned average precision",
            FastApConfig.defaults(),
            FastApLoss::new));
  }
}

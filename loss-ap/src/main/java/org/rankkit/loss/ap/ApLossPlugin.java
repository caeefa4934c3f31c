package org.rankkit.loss.ap;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/** Contributes the {@code smooth-ap} and {@code fast-ap} losses. */
public final class ApLossPlugin extends PluginModule {

  /** Creates the plugin (found by {@link java.util.ServiceLoader}). */
  public ApLossPlugin() {
    super("loss-ap");
  }

  @Override
  protected void configure() {
    PluginBindings.loss(
        binder(),
        "smooth-ap",
        "Smooth-AP (Brown et al., ECCV 2020): 1 - sigmoid-smoothed average precision",
        SmoothApConfig.defaults(),
        SmoothApLoss::new);
    PluginBindings.loss(
        binder(),
        "fast-ap",
        "FastAP (Cakir et al., CVPR 2019): 1 - histogram-binned average precision",
        FastApConfig.defaults(),
        FastApLoss::new);
  }
}

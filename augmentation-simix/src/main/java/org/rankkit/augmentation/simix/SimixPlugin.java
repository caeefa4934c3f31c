package org.rankkit.augmentation.simix;

import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginModule;

/**
 * Plugin {@code augmentation-simix}: contributes the similarity augmentation {@code simix} ({@link
 * SimixAugmentation}, parameters {@link SimixConfig}). Passive: it only binds the factory.
 */
public final class SimixPlugin extends PluginModule {

  /** The plugin id. */
  public static final String ID = "augmentation-simix";

  /** The augmentation factory id. */
  public static final String SIMIX_ID = "simix";

  /** Creates the plugin (called by {@link java.util.ServiceLoader}). */
  public SimixPlugin() {
    super(ID);
  }

  @Override
  protected void configure() {
    PluginBindings.augmentation(
        binder(),
        SIMIX_ID,
        "SiMix: virtual items mixing same-label pairs, applied to the similarity matrix",
        SimixConfig.defaults(),
        SimixAugmentation::new);
  }
}

package org.rankkit.augmentation.simix;

import com.google.inject.AbstractModule;
import org.rankkit.api.plugin.PluginBindings;
import org.rankkit.api.plugin.PluginKind;
import org.rankkit.api.plugin.RankKitPlugin;
import org.rankkit.api.plugin.RecordPluginFactory;

/**
 * Plugin {@code augmentation-simix}: contributes the similarity augmentation {@code simix} ({@link
 * SimixAugmentation}, parameters {@link SimixConfig}). Passive: it only binds the factory.
 */
public final class SimixPlugin extends AbstractModule implements RankKitPlugin {

  /** The plugin id. */
  public static final String ID = "augmentation-simix";

  /** The augmentation factory id. */
  public static final String SIMIX_ID = "simix";

  /** Creates the plugin (called by {@link java.util.ServiceLoader}). */
  public SimixPlugin() {}

  @Override
  public String id() {
    return ID;
  }

  @Override
  protected void configure() {
    PluginBindings.augmentation(
        binder(),
        RecordPluginFactory.of(
            PluginKind.AUGMENTATION,
            SIMIX_ID,
            "SiMix: virtual items mixing same-label pairs, applied to the similarity matrix",
            SimixConfig.defaults(),
            SimixAugmentation::new));
  }
}

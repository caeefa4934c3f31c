package org.rankkit.api.plugin;

import com.google.inject.AbstractModule;

/**
 * The usual base of a {@link RankKitPlugin}: a Guice {@link AbstractModule} that owns the plugin's
 * id, so that a plugin only names its id and contributes its factories in {@code configure}.
 *
 * <pre>{@code
 * public final class MyLossPlugin extends PluginModule {
 *   public MyLossPlugin() { super("my-loss-plugin"); }
 *   protected void configure() {
 *     PluginBindings.loss(binder(), "my-loss", "what it does", new MyLossConfig(0.1), MyLoss::new);
 *   }
 * }
 * }</pre>
 *
 * <p>The id is checked (kebab-case, unique) by the {@link PluginRegistry} that discovers the
 * plugin.
 */
public abstract class PluginModule extends AbstractModule implements RankKitPlugin {

  private final String id;

  /**
   * Creates the module of a plugin.
   *
   * @param id the plugin's stable kebab-case id (unique among all discovered plugins)
   */
  protected PluginModule(String id) {
    this.id = id;
  }

  @Override
  public final String id() {
    return id;
  }
}

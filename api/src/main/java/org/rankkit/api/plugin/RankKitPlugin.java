package org.rankkit.api.plugin;

import com.google.inject.Module;

/**
 * A plugin: a passive Guice module, found by {@link java.util.ServiceLoader}, that contributes
 * named factories through {@link PluginBindings}.
 *
 * <p>List the implementation in {@code META-INF/services/org.rankkit.api.plugin.RankKitPlugin}. It
 * needs a public no-argument constructor. {@code configure} must only bind (no I/O, no engine
 * calls) and contribute factories with {@code toInstance}, as {@link PluginBindings} does. The
 * registry instantiates each plugin once and calls {@code configure} once, on the discovering
 * thread; the factories it contributes must be immutable and thread-safe.
 *
 * <p>{@link PluginModule} is the usual base class: it owns the id, so a plugin only names it and
 * contributes its factories:
 *
 * <pre>{@code
 * public final class MyLossPlugin extends PluginModule {
 *   public MyLossPlugin() { super("my-loss-plugin"); }
 *   protected void configure() {
 *     PluginBindings.loss(binder(), "my-loss", "what it does", new MyLossConfig(0.1), MyLoss::new);
 *   }
 * }
 * }</pre>
 */
public interface RankKitPlugin extends Module {

  /** {@return the plugin's stable kebab-case id (unique among all discovered plugins)} */
  String id();
}

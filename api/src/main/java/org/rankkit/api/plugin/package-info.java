/**
 * Plugin discovery and wiring.
 *
 * <p>A plugin jar lists one or more {@link org.rankkit.api.plugin.RankKitPlugin} implementations in
 * {@code META-INF/services/org.rankkit.api.plugin.RankKitPlugin}. Each is a passive Guice module
 * with a stable kebab-case id that contributes named {@link org.rankkit.api.plugin.PluginFactory
 * factories} through {@link org.rankkit.api.plugin.PluginBindings}. Kinds are open: {@link
 * org.rankkit.api.plugin.PluginKind#of} defines one anywhere (this package defines loss,
 * augmentation and batch-strategy; other modules define dataset and metric), and contributing a
 * factory declares its kind to the registry. {@link org.rankkit.api.plugin.PluginRegistry} finds
 * them with {@link java.util.ServiceLoader}, rejects duplicate ids (naming both providers) and
 * builds one injector; unknown ids fail listing the ids that exist.
 */
package org.rankkit.api.plugin;

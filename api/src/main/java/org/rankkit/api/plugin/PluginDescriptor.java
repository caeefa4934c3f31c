package org.rankkit.api.plugin;

import java.util.Map;

/**
 * A discovered factory, as {@code rankkit plugins} lists it. An immutable value (the parameter map
 * is the factory's unmodifiable defaults map), safe to share between threads.
 *
 * @param kind the kind's name ({@code loss}, {@code augmentation}, {@code batch-strategy}, {@code
 *     dataset}, {@code metric}, or a kind that a plugin defines)
 * @param id the factory id
 * @param params parameter names and default values
 * @param source where it came from: the providing jar's file name (or class directory)
 * @param plugin id of the {@link RankKitPlugin} that contributed it
 * @param description one-line description
 */
public record PluginDescriptor(
    String kind,
    String id,
    Map<String, Object> params,
    String source,
    String plugin,
    String description) {}

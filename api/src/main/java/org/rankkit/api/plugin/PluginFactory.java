package org.rankkit.api.plugin;

import java.util.Map;

/**
 * Creates configured instances of one plugin.
 *
 * <p>Factories are immutable and thread-safe. Parameter maps use the JSON names of the plugin's
 * configuration record; values may be numbers, booleans, strings (parsed as the parameter's type)
 * or lists. {@link RecordPluginFactory} implements the whole contract from a configuration record.
 *
 * @param <T> the type created
 */
public interface PluginFactory<T> {

  /** {@return the stable kebab-case id, e.g. {@code recall-at-k}} */
  String id();

  /** {@return the kind of plugin created} */
  PluginKind<T> kind();

  /** {@return a one-line human description} */
  String description();

  /** {@return each parameter's name and default value, in declaration order (unmodifiable)} */
  Map<String, Object> defaults();

  /**
   * Creates an instance.
   *
   * @param parameters parameter values; absent ones take their defaults
   * @return the instance
   * @throws IllegalArgumentException naming the parameter and what is allowed, when a name is
   *     unknown or a value is invalid
   */
  T create(Map<String, ?> parameters);
}

package org.rankkit.api.plugin;

/**
 * The configuration of a plugin without parameters, for {@link RecordPluginFactory#of}: {@code
 * RecordPluginFactory.of(kind, "my-id", "what it does", NoParameters.NONE, none -> new Mine())}.
 * Any parameter given to such a plugin is rejected as unknown.
 */
public record NoParameters() {

  /** The only value. */
  public static final NoParameters NONE = new NoParameters();
}

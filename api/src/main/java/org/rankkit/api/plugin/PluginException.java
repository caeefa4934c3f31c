package org.rankkit.api.plugin;

/**
 * A plugin could not be discovered, found or configured: a duplicate or malformed id, an unknown
 * id, or a provider that failed to load. The message names what was wrong and what is allowed.
 */
public class PluginException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong and what is allowed
   */
  public PluginException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what was wrong and what is allowed
   * @param cause the underlying failure
   */
  public PluginException(String message, Throwable cause) {
    super(message, cause);
  }
}

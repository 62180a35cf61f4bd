package io.github.tokenvalidator;

/**
 * Thrown when the validator's configuration is incomplete or a setting is malformed.
 *
 * <p>The message names the setting ({@link #key()}, as spelled in properties) and never contains a secret.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The setting at fault, without the prefix; may be null. */
  private final String key;

  /**
   * A problem with setting {@code key} (may be null), reported under its property spelling.
   *
   * @param key the setting without the {@code tokenvalidator.} prefix, or null
   * @param message what is wrong, never the value of a secret
   */
  public InvalidConfigurationException(String key, String message) {
    this(key, key == null ? null : "tokenvalidator." + key, message);
  }

  /**
   * A problem with setting {@code key}, reported under {@code source}: how the user spelled it, for
   * example the environment variable {@code TOKENVALIDATOR_CACHE_MAX_TTL}.
   *
   * @param key the setting without the {@code tokenvalidator.} prefix, or null
   * @param source how the user spelled the setting
   * @param message what is wrong, never the value of a secret
   */
  public InvalidConfigurationException(String key, String source, String message) {
    super(source == null ? message : source + ": " + message);
    this.key = key;
  }

  /**
   * {@return the setting at fault without the {@code tokenvalidator.} prefix, e.g. {@code client-id}; may be
   * null}
   */
  public String key() {
    return key;
  }
}

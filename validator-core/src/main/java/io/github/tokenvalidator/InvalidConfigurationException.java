package io.github.tokenvalidator;

/**
 * Thrown when the validator's configuration is incomplete or a setting is malformed.
 *
 * <p>The message names the setting ({@link #key()}, as spelled in properties) and never contains a secret.
 */
public final class InvalidConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String key;

  public InvalidConfigurationException(String key, String message) {
    super(key == null ? message : "tokenvalidator." + key + ": " + message);
    this.key = key;
  }

  /** The setting at fault without the {@code tokenvalidator.} prefix, e.g. {@code cache.max-ttl}; may be null. */
  public String key() {
    return key;
  }
}

package io.github.tokenvalidator;

/**
 * How the validator authenticates to the introspection endpoint.
 *
 * <p>A setting of {@link TokenValidator.Builder#clientAuthentication}. Immutable and thread-safe.
 */
public enum ClientAuthentication {
  /**
   * MobileFirst: {@code Authorization: Bearer} with the validator's own token, obtained by the
   * client-credentials grant for the introspection scope. Setting value {@code mobilefirst-bearer}.
   */
  MOBILEFIRST_BEARER("mobilefirst-bearer"),
  /** RFC 7662 with HTTP Basic client authentication (RFC 6749 §2.3.1). Setting value {@code basic}. */
  BASIC("basic"),
  /** RFC 7662 with {@code client_id} and {@code client_secret} in the form. Setting value {@code post}. */
  POST("post");

  private final String settingValue;

  ClientAuthentication(String settingValue) {
    this.settingValue = settingValue;
  }

  /** {@return the spelling used in properties and environment variables} */
  public String settingValue() {
    return settingValue;
  }
}

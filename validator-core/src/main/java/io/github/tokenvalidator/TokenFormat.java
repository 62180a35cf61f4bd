package io.github.tokenvalidator;

/**
 * How tokens become data: by introspection, by local JWT verification, or each by its shape.
 *
 * <p>A setting of {@link TokenValidator.Builder#tokenFormat}. Immutable and thread-safe.
 */
public enum TokenFormat {
  /** Every token is introspected (RFC 7662 or MobileFirst). Setting value {@code opaque}; the default. */
  OPAQUE("opaque"),
  /**
   * Every token is a JWT verified locally against the issuer's keys; no introspection, no client
   * credentials. Setting value {@code jwt}.
   */
  JWT("jwt"),
  /**
   * A token shaped as a JWS whose header names an accepted algorithm is verified locally, and never
   * introspected even when it fails; any other token is introspected. Setting value {@code auto}.
   */
  AUTO("auto");

  private final String settingValue;

  TokenFormat(String settingValue) {
    this.settingValue = settingValue;
  }

  /** {@return the spelling used in properties and environment variables} */
  public String settingValue() {
    return settingValue;
  }
}

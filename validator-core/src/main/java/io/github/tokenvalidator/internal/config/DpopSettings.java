package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.BOOLEAN;
import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.ENUM;
import static io.github.tokenvalidator.Settings.Type.STRING;

import io.github.tokenvalidator.InvalidConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The settings of sender-constrained tokens (RFC 9449 DPoP, RFC 8705 certificate-bound tokens): whether
 * the {@code DPoP} scheme is accepted or required and server-issued nonces, each issuer's; and the proofs'
 * time window, the resource's (a proof is checked before its token's issuer is known). Thread-safe.
 */
public final class DpopSettings {
  /** The least nonce secret: 32 characters, 256 bits when random, as the HMAC key deserves. */
  static final int MIN_SECRET_LENGTH = 32;
  /** Beyond this, a proof is no longer fresh in any sense RFC 9449 §11.1 means. */
  static final Duration MAX_IAT_WINDOW = Duration.ofMinutes(10);

  /** What {@code dpop.mode} allows; null (not set) behaves as {@link #ALLOWED} without a DPoP challenge. */
  public enum Mode {
    /** The {@code DPoP} scheme is not accepted; DPoP-bound tokens are refused all the same. */
    OFF,
    /** Bearer tokens and DPoP-bound tokens with their proof alike. */
    ALLOWED,
    /** Only DPoP-bound tokens with their proof. */
    REQUIRED
  }

  public static final Setting<Mode> MODE = Setting.define("dpop.mode", ENUM, DpopSettings::mode).perIssuer()
      .allowing(List.of("off", "allowed", "required"))
      .documentedDefault("`allowed`, without a DPoP challenge")
      .describe("`off`: the `DPoP` scheme is refused. `allowed`: a DPoP-bound token needs its proof, a bearer"
          + " token still passes. `required`: bearer tokens are refused. A token bound to a key (`cnf.jkt`) is never"
          + " accepted as a bearer token, whatever the mode. Set explicitly, challenges offer `DPoP algs=\"…\"`."
          + " See [dpop-and-mtls.md](dpop-and-mtls.md).");
  public static final Setting<Boolean> NONCE = Setting.define("dpop.nonce", BOOLEAN, ValueParsers::bool)
      .perIssuer().byDefault("false")
      .describe("Demand server nonces (RFC 9449 §9): a proof without a current nonce gets 401 `use_dpop_nonce`"
          + " with `DPoP-Nonce`; successful answers carry a fresh one. Needs `dpop.nonce-secret`.");
  public static final Setting<String> NONCE_SECRET = Setting.define("dpop.nonce-secret", STRING,
          ValueParsers::nonEmpty).within(DpopSettings::secretLength).perIssuer().secret()
      .describe("The secret nonces are derived from (HMAC of the secret and the time), the same on every instance"
          + " of a fleet so that each accepts the others' nonces. At least 32 characters.");
  public static final Setting<Duration> IAT_WINDOW = Setting.define("dpop.iat-window", DURATION,
          ValueParsers::duration).within(DpopSettings::window).byDefault("60s")
      .describe("How far a proof's `iat` may lie from the clock, either way; also how long a nonce and a proof's"
          + " `jti` are remembered. At most `10m`.");

  private DpopSettings() {}

  private static Mode mode(String key, String value) {
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "off":
        return Mode.OFF;
      case "allowed":
        return Mode.ALLOWED;
      case "required":
        return Mode.REQUIRED;
      default:
        throw new InvalidConfigurationException(key, "must be off, allowed or required: \"" + value + "\"");
    }
  }

  private static String secretLength(String key, String value) {
    if (value.length() < MIN_SECRET_LENGTH) {
      throw new InvalidConfigurationException(key, "must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    return value;
  }

  private static Duration window(String key, Duration value) {
    Duration positive = ValueParsers.positive(key, value);
    if (positive.compareTo(MAX_IAT_WINDOW) > 0) {
      throw new InvalidConfigurationException(key, "must be at most 10m: " + value);
    }
    return positive;
  }

  /** What only the whole can tell: nonces need their secret. */
  static void check(ValidatorConfig.Builder values) {
    if (values.get(NONCE) && values.get(NONCE_SECRET) == null) {
      throw values.invalid(NONCE_SECRET, "is required when dpop.nonce is true");
    }
  }
}

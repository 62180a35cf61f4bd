package io.github.tokenvalidator.internal.config;

import static io.github.tokenvalidator.Settings.Type.DURATION;
import static io.github.tokenvalidator.Settings.Type.ENUM;
import static io.github.tokenvalidator.Settings.Type.STRING;
import static io.github.tokenvalidator.Settings.Type.URL;

import io.github.tokenvalidator.InvalidConfigurationException;
import io.github.tokenvalidator.TokenFormat;
import io.github.tokenvalidator.internal.jwt.JwsAlgorithm;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of how an issuer's tokens are read: the format, the JWT rules (issuer, audience, clock skew,
 * algorithms, profile) and the issuer's keys. All but {@code clock-skew} belong to an issuer. Thread-safe.
 */
public final class JwtSettings {
  /** Beyond this, a skew is no longer a clock difference but a policy change. */
  static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  public static final Setting<TokenFormat> TOKEN_FORMAT = Setting.define("token-format", ENUM,
          ValueParsers::tokenFormat).perIssuer()
      .allowing(Arrays.stream(TokenFormat.values()).map(TokenFormat::settingValue)
          .collect(Collectors.toUnmodifiableList()))
      .byDefault("opaque")
      .describe("`opaque`: introspect every token. `jwt`: verify JWTs locally against the issuer's keys, no"
          + " introspection, no client id or secret. `auto`: verify JWT-shaped tokens locally (never"
          + " introspected, even when they fail), introspect the rest. See [jwt.md](jwt.md).");
  public static final Setting<String> ISSUER = Setting.define("issuer", STRING, ValueParsers::nonEmpty).perIssuer()
      .documentedDefault("— (required for `jwt`/`auto`)")
      .describe("The exact `iss` of the JWTs. Without `jwks-uri`, the keys are found by discovery from it"
          + " (OpenID, then RFC 8414).");
  public static final Setting<URI> JWKS_URI = Setting.define("jwks-uri", URL, ValueParsers::uri).perIssuer()
      .documentedDefault("from the issuer's metadata")
      .describe("The issuer's JWK Set; set it to skip discovery.");
  public static final Setting<List<String>> AUDIENCE = Setting.define("audience", STRING, ValueParsers::list)
      .within(ValueParsers::nonEmptyElements).byDefaultValue(List.of()).perIssuer()
      .describe("Comma-separated; a JWT's `aud`, and an introspection answer's when it has one, must contain one"
          + " of them. None: no check (a WARN at start in `jwt`/`auto`).");
  public static final Setting<Duration> CLOCK_SKEW = Setting.define("clock-skew", DURATION, ValueParsers::duration)
      .within(JwtSettings::skew).byDefault("30s")
      .describe("Tolerance for a token's `exp`, `nbf` and `iat` against the clock, for JWTs and introspection"
          + " answers alike (RFC 7519 §4.1.4); at most `5m`.");
  public static final Setting<List<String>> ALGORITHMS = Setting.define("jwt.algorithms", STRING,
          ValueParsers::list).within(JwtSettings::knownAlgorithms).perIssuer()
      .byDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA")
      .describe("Comma-separated allow-list. `none` and `HS*` are refused as values.");
  public static final Setting<String> PROFILE = Setting.define("jwt.profile", ENUM, JwtSettings::profile)
      .within(JwtSettings::profile).allowing(List.of("default", "rfc9068")).perIssuer().byDefault("default")
      .describe("`default`: `typ` absent, `JWT`, `JOSE`, `at+jwt` or `application/at+jwt`. `rfc9068`: `at+jwt`"
          + " or `application/at+jwt` only (refuses Keycloak's `JWT`).");
  public static final Setting<Duration> MIN_REFETCH_INTERVAL = Setting.define("jwks.min-refetch-interval",
          DURATION, ValueParsers::duration).within(ValueParsers::positive).perIssuer().byDefault("5s")
      .describe("Least time between two key fetches caused by an unknown `kid`. Inside it an unknown `kid` is"
          + " 401, or 503 when the last fetch failed.");
  public static final Setting<Duration> REFRESH_INTERVAL = Setting.define("jwks.refresh-interval", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).perIssuer().byDefault("5m")
      .describe("How long keys are trusted when the key answer has no `Cache-Control: max-age`.");
  public static final Setting<Duration> MAX_AGE_FLOOR = Setting.define("jwks.max-age-floor", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).perIssuer().byDefault("30s")
      .describe("A shorter `max-age` is raised to this; at least `jwks.min-refetch-interval`.");
  public static final Setting<Duration> MAX_AGE_CEILING = Setting.define("jwks.max-age-ceiling", DURATION,
          ValueParsers::duration).within(ValueParsers::positive).perIssuer().byDefault("24h")
      .describe("A longer `max-age` is cut to this.");
  public static final Setting<Duration> OUTAGE_RETENTION = Setting.define("jwks.outage-retention", DURATION,
          ValueParsers::duration).within(ValueParsers::nonNegative).perIssuer().byDefault("1h")
      .describe("While the key server cannot be reached, known keys keep verifying this long past their max-age;"
          + " then JWTs get 503.");

  private JwtSettings() {}

  private static Duration skew(String key, Duration value) {
    ValueParsers.nonNegative(key, value);
    if (value.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new InvalidConfigurationException(key, "must be at most " + MAX_CLOCK_SKEW.toMinutes() + " minutes");
    }
    return value;
  }

  private static String profile(String key, String value) {
    String lower = ValueParsers.nonEmpty(key, value).toLowerCase(Locale.ROOT);
    if (!lower.equals("rfc9068") && !lower.equals("default")) {
      throw new InvalidConfigurationException(key, "must be default or rfc9068");
    }
    return lower;
  }

  private static List<String> knownAlgorithms(String key, List<String> names) {
    algorithms(key, names);
    return List.copyOf(names);
  }

  /**
   * The algorithms {@code names} name.
   *
   * @param key the setting, for messages
   * @param names algorithm names as written
   * @return the algorithms, never empty
   */
  public static Set<JwsAlgorithm> algorithms(String key, List<String> names) {
    Set<JwsAlgorithm> algorithms = EnumSet.noneOf(JwsAlgorithm.class);
    for (String name : names) {
      JwsAlgorithm algorithm = JwsAlgorithm.forSetting(name);
      if (algorithm == null) {
        List<String> accepted = new ArrayList<>();
        for (JwsAlgorithm known : JwsAlgorithm.values()) {
          accepted.add(known.name());
        }
        throw new InvalidConfigurationException(key, "names an algorithm the validator does not verify: " + name
            + " (accepted: " + String.join(", ", accepted) + "; none and HS* never)");
      }
      algorithms.add(algorithm);
    }
    if (algorithms.isEmpty()) {
      throw new InvalidConfigurationException(key, "must name at least one algorithm");
    }
    return algorithms;
  }

  /** What only the whole can tell, for a format that verifies JWTs. */
  static void check(ValidatorConfig.Builder values) {
    TokenFormat format = values.get(TOKEN_FORMAT);
    if (format == TokenFormat.OPAQUE) {
      return;
    }
    String issuer = values.get(ISSUER);
    if (issuer == null) {
      throw values.invalid(ISSUER, "is required for token-format " + format.settingValue()
          + " (the exact iss of the tokens)");
    }
    URI jwksUri = values.get(JWKS_URI);
    if (jwksUri != null) {
      TransportSettings.checkTransport(values, JWKS_URI, jwksUri);
    } else {
      URI issuerUri;
      try {
        issuerUri = new URI(issuer);
      } catch (URISyntaxException e) {
        throw values.invalid(ISSUER, "must be a URL when jwks-uri is not set (the keys are found by discovery)");
      }
      TransportSettings.checkTransport(values, ISSUER, issuerUri);
      if (issuerUri.getRawQuery() != null || issuerUri.getRawFragment() != null) {
        throw values.invalid(ISSUER, "must have no query or fragment (RFC 8414)");
      }
    }
    Duration floor = values.get(MAX_AGE_FLOOR);
    Duration ceiling = values.get(MAX_AGE_CEILING);
    Duration refresh = values.get(REFRESH_INTERVAL);
    if (floor.compareTo(values.get(MIN_REFETCH_INTERVAL)) < 0) {
      throw values.invalid(MAX_AGE_FLOOR, "must be at least jwks.min-refetch-interval ("
          + values.get(MIN_REFETCH_INTERVAL) + ")");
    }
    if (ceiling.compareTo(floor) < 0) {
      throw values.invalid(MAX_AGE_CEILING, "must be at least jwks.max-age-floor");
    }
    if (refresh.compareTo(floor) < 0 || refresh.compareTo(ceiling) > 0) {
      throw values.invalid(REFRESH_INTERVAL, "must lie between jwks.max-age-floor and jwks.max-age-ceiling");
    }
  }
}

package io.github.tokenvalidator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * The list of settings that {@link TokenValidator.Builder#properties(Map)} and
 * {@link TokenValidator.Builder#environment(Map)} understand: each key's name, value type, default and
 * description, the same as {@code docs/configuration.md}.
 *
 * <p>For modules that present the settings elsewhere, such as the Spring Boot starter generating IDE
 * metadata. Immutable and thread-safe.
 */
public final class Settings {
  /** Prefix of every property key: {@code tokenvalidator.}. */
  public static final String PROPERTY_PREFIX = "tokenvalidator.";
  /** Prefix of every environment variable: {@code TOKENVALIDATOR_}. */
  public static final String ENVIRONMENT_PREFIX = "TOKENVALIDATOR_";
  /**
   * Keys under {@code tokenvalidator.spring.} belong to the Spring Boot starter: core ignores them, every
   * other unknown {@code tokenvalidator.*} key is refused.
   */
  public static final String SPRING_PROPERTY_PREFIX = PROPERTY_PREFIX + "spring.";
  /** The environment spelling of {@link #SPRING_PROPERTY_PREFIX}: {@code TOKENVALIDATOR_SPRING_}, ignored by core. */
  public static final String SPRING_ENVIRONMENT_PREFIX = ENVIRONMENT_PREFIX + "SPRING_";

  private static final List<Key> KEYS = List.of(
      url("server-url", null,
          "MobileFirst runtime API base, e.g. `http://localhost:9080/mfp/api`. Derives `{server-url}/az/v1/token`"
              + " and `{server-url}/az/v1/introspection`.",
          TokenValidator.Builder::serverUrl),
      url("introspection-endpoint", null,
          "Introspection endpoint; set it alone for a generic RFC 7662 server (Keycloak, …).",
          TokenValidator.Builder::introspectionEndpoint),
      url("token-endpoint", null,
          "Token endpoint for the validator's own token (MobileFirst style only).",
          TokenValidator.Builder::tokenEndpoint),
      string("client-id", null, "The confidential client's id.", TokenValidator.Builder::clientId),
      string("client-secret", null, "The confidential client's secret. Never logged.",
          TokenValidator.Builder::clientSecret),
      new Key("client-auth", Type.ENUM,
          Arrays.stream(ClientAuthentication.values())
              .map(ClientAuthentication::settingValue).collect(Collectors.toUnmodifiableList()),
          null,
          "`mobilefirst-bearer`: introspect with the validator's own bearer token. `basic`: RFC 7662 with HTTP"
              + " Basic client auth. `post`: RFC 7662 with `client_id`/`client_secret` in the form. Id and secret"
              + " are form-encoded before Basic encoding (RFC 6749 §2.3.1).",
          (b, v) -> b.clientAuthentication(SettingsParser.clientAuthentication("client-auth", v))),
      string("introspection-scope", "authorization.introspect", "Scope requested for the own token.",
          TokenValidator.Builder::introspectionScope),
      string("realm", null, "`realm=\"…\"` in every challenge. Printable ASCII.", TokenValidator.Builder::realm),
      duration("connect-timeout", "2s", "Longest wait for a TCP/TLS connection to the authorization server.",
          TokenValidator.Builder::connectTimeout),
      duration("request-timeout", "5s", "Longest wait for a complete answer (headers and body).",
          TokenValidator.Builder::requestTimeout),
      new Key("cache.max-size", Type.INTEGER, List.of(), "50000",
          "Most cached answers (Caffeine size eviction). `0` disables caching; concurrent requests for one token"
              + " still share one call.",
          (b, v) -> b.cacheMaxSize(SettingsParser.integer("cache.max-size", v))),
      duration("cache.max-ttl", "5m",
          "Longest time an active answer is trusted without asking again: the revocation delay. Never beyond"
              + " the token's `exp`.",
          TokenValidator.Builder::cacheMaxTtl),
      duration("cache.negative-ttl", "30s",
          "How long an inactive answer is remembered (`0`: not at all); also how long a cached answer past its"
              + " `exp` keeps being refused without a call.",
          TokenValidator.Builder::cacheNegativeTtl),
      bool("stale-if-error", "true",
          "When the server cannot answer, serve a cached active answer past `cache.max-ttl` if the token's"
              + " `exp` has not passed.",
          TokenValidator.Builder::staleIfError),
      bool("allow-insecure-http", "false",
          "Allow `http://` endpoints on non-loopback hosts. Loopback (`localhost`, `127.0.0.0/8`, `[::1]`) is"
              + " always allowed.",
          TokenValidator.Builder::allowInsecureHttp),
      string("proxy", null,
          "HTTP proxy for every call to the authorization server: `host:port` or `http://host:port`; `https://`"
              + " endpoints are tunnelled through it with `CONNECT`. Unset: no proxy, and the JVM's"
              + " `http.proxyHost`/`https.proxyHost` properties are not read.",
          TokenValidator.Builder::proxy),
      string("trust-store", null,
          "Key store file of the certificates trusted for `https://` endpoints, instead of the JDK's; read by"
              + " `build()`. Not together with the builder's `sslContext`.",
          (b, v) -> b.trustStore(SettingsParser.path("trust-store", v))),
      string("trust-store-password", null, "The trust store's password, if it has one. Never logged.",
          TokenValidator.Builder::trustStorePassword),
      string("trust-store-type", "PKCS12", "`PKCS12`, `JKS`, or another type the JDK's `KeyStore` knows.",
          TokenValidator.Builder::trustStoreType),
      integer("max-response-size", "1048576", "Largest accepted answer body, in bytes; at most 67108864 (64 MiB).",
          TokenValidator.Builder::maxResponseSize),
      integer("max-token-length", "8192",
          "Longest accepted token; longer ones are `invalid_token` without any call. At most 1048576.",
          TokenValidator.Builder::maxTokenLength),
      integer("max-concurrent-introspections", "64",
          "Introspection calls under way at once; more wait in a bounded queue (16× this, at least 1000),"
              + " beyond which misses get 503. At most 10000.",
          TokenValidator.Builder::maxConcurrentIntrospections),
      integer("failure-threshold", "3",
          "Consecutive server faults (transport failures, timeouts, 5xx, 429, unreadable bodies) after which"
              + " misses fail fast.",
          TokenValidator.Builder::failureThreshold),
      duration("failure-backoff", "5s",
          "How long to fail fast before one probe; also the `Retry-After` of 503 answers.",
          TokenValidator.Builder::failureBackoff),
      new Key("own-token.renewal-ratio", Type.RATIO, List.of(), "0.8",
          "Fraction of the own token's lifetime after which it is renewed in the background.",
          (b, v) -> b.ownTokenRenewalRatio(SettingsParser.ratio("own-token.renewal-ratio", v))),
      bool("eager-start", "false",
          "Fetch the own token during `build()`: `build()` fails naming `client-id` on `invalid_client`, logs"
              + " and carries on when the server is unreachable. With `jwt`/`auto`, also fetch the issuer's keys:"
              + " `build()` fails naming `issuer` (or `jwks-uri`) when the metadata names another issuer.",
          TokenValidator.Builder::eagerStart),
      new Key("token-format", Type.ENUM,
          Arrays.stream(TokenFormat.values())
              .map(TokenFormat::settingValue).collect(Collectors.toUnmodifiableList()),
          "opaque",
          "`opaque`: introspect every token. `jwt`: verify JWTs locally against the issuer's keys, no"
              + " introspection, no client id or secret. `auto`: verify JWT-shaped tokens locally (never"
              + " introspected, even when they fail), introspect the rest. See [jwt.md](jwt.md).",
          (b, v) -> b.tokenFormat(SettingsParser.tokenFormat("token-format", v))),
      string("issuer", null,
          "The exact `iss` of the JWTs. Without `jwks-uri`, the keys are found by discovery from it (OpenID,"
              + " then RFC 8414).",
          TokenValidator.Builder::issuer),
      url("jwks-uri", null, "The issuer's JWK Set; set it to skip discovery.", TokenValidator.Builder::jwksUri),
      string("audience", null,
          "Comma-separated; a JWT's `aud`, and an introspection answer's when it has one, must contain one of"
              + " them. None: no check (a WARN at start in `jwt`/`auto`).",
          (b, v) -> b.audience(SettingsParser.list("audience", v).toArray(new String[0]))),
      duration("clock-skew", "30s", "Tolerance for a JWT's `nbf` and `iat`; at most `5m`. `exp` gets none.",
          TokenValidator.Builder::clockSkew),
      string("jwt.algorithms", "RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512,EdDSA",
          "Comma-separated allow-list. `none` and `HS*` are refused as values.",
          (b, v) -> b.jwtAlgorithms(SettingsParser.list("jwt.algorithms", v).toArray(new String[0]))),
      new Key("jwt.profile", Type.ENUM, List.of("default", "rfc9068"), "default",
          "`default`: `typ` absent, `JWT`, `JOSE`, `at+jwt` or `application/at+jwt`. `rfc9068`: `at+jwt` or"
              + " `application/at+jwt` only (refuses Keycloak's `JWT`).",
          TokenValidator.Builder::jwtProfile),
      duration("jwks.min-refetch-interval", "5s",
          "Least time between two key fetches caused by an unknown `kid`. Inside it an unknown `kid` is 401, or"
              + " 503 when the last fetch failed.",
          TokenValidator.Builder::jwksMinRefetchInterval),
      duration("jwks.refresh-interval", "5m",
          "How long keys are trusted when the key answer has no `Cache-Control: max-age`.",
          TokenValidator.Builder::jwksRefreshInterval),
      duration("jwks.max-age-floor", "30s",
          "A shorter `max-age` is raised to this; at least `jwks.min-refetch-interval`.",
          TokenValidator.Builder::jwksMaxAgeFloor),
      duration("jwks.max-age-ceiling", "24h", "A longer `max-age` is cut to this.",
          TokenValidator.Builder::jwksMaxAgeCeiling),
      duration("jwks.outage-retention", "1h",
          "While the key server cannot be reached, known keys keep verifying this long past their max-age; then"
              + " JWTs get 503.",
          TokenValidator.Builder::jwksOutageRetention));

  private static final Map<String, Key> BY_NAME = KEYS.stream()
      .collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

  private Settings() {}

  /**
   * Every key, in the order of {@code docs/configuration.md}.
   *
   * @return every key, unmodifiable
   */
  public static List<Key> keys() {
    return KEYS;
  }

  /**
   * The key of that name, without the prefix (e.g. {@code cache.max-ttl}), if there is one.
   *
   * @param name the key without the {@code tokenvalidator.} prefix
   * @return the key, or empty when no setting has that name
   */
  public static Optional<Key> key(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The environment variable spelling of a key: {@code cache.max-ttl} → {@code TOKENVALIDATOR_CACHE_MAX_TTL}. */
  static String environmentName(String name) {
    return ENVIRONMENT_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** How a setting's text is read. */
  public enum Type {
    /** Text, trimmed. */
    STRING,
    /** An absolute {@code http://} or {@code https://} URL. */
    URL,
    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d} or ISO-8601 ({@code PT30S}); at most 365 days. */
    DURATION,
    /** A whole number; {@code _} may group digits. */
    INTEGER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** A number strictly between 0 and 1. */
    RATIO,
    /** One of {@link Key#allowedValues()}, ignoring case. */
    ENUM
  }

  /** One setting. Immutable. */
  public static final class Key {
    private final String name;
    private final Type type;
    private final List<String> allowedValues;
    private final String defaultValue;
    private final String description;
    private final BiConsumer<TokenValidator.Builder, String> setter;

    private Key(String name, Type type, List<String> allowedValues, String defaultValue, String description,
        BiConsumer<TokenValidator.Builder, String> setter) {
      this.name = name;
      this.type = type;
      this.allowedValues = allowedValues;
      this.defaultValue = defaultValue;
      this.description = description;
      this.setter = setter;
    }

    /** {@return the key without the prefix, e.g. {@code cache.max-ttl}} */
    public String name() {
      return name;
    }

    /** {@return the property spelling, e.g. {@code tokenvalidator.cache.max-ttl}} */
    public String propertyName() {
      return PROPERTY_PREFIX + name;
    }

    /** {@return the environment variable spelling, e.g. {@code TOKENVALIDATOR_CACHE_MAX_TTL}} */
    public String environmentName() {
      return Settings.environmentName(name);
    }

    /** {@return the kind of value the setting takes} */
    public Type type() {
      return type;
    }

    /**
     * For {@link Type#ENUM}, the accepted values as written in settings; otherwise empty.
     *
     * @return the accepted values, or an empty list
     */
    public List<String> allowedValues() {
      return allowedValues;
    }

    /**
     * {@return the default as a setting would spell it (e.g. {@code 5m}), or empty when there is none or it follows
     * from other settings (see {@link #description()})}
     */
    public Optional<String> defaultValue() {
      return Optional.ofNullable(defaultValue);
    }

    /** {@return one line, in Markdown, as in {@code docs/configuration.md}} */
    public String description() {
      return description;
    }

    void apply(TokenValidator.Builder builder, String value) {
      setter.accept(builder, value);
    }

    @Override
    public String toString() {
      return propertyName();
    }
  }

  private static Key string(String name, String defaultValue, String description,
      BiConsumer<TokenValidator.Builder, String> setter) {
    return new Key(name, Type.STRING, List.of(), defaultValue, description, setter);
  }

  private static Key url(String name, String defaultValue, String description,
      BiConsumer<TokenValidator.Builder, String> setter) {
    return new Key(name, Type.URL, List.of(), defaultValue, description, setter);
  }

  private static Key duration(String name, String defaultValue, String description,
      BiConsumer<TokenValidator.Builder, Duration> setter) {
    return new Key(name, Type.DURATION, List.of(), defaultValue, description,
        (b, v) -> setter.accept(b, SettingsParser.duration(name, v)));
  }

  private static Key bool(String name, String defaultValue, String description,
      BiConsumer<TokenValidator.Builder, Boolean> setter) {
    return new Key(name, Type.BOOLEAN, List.of(), defaultValue, description,
        (b, v) -> setter.accept(b, SettingsParser.bool(name, v)));
  }

  private static Key integer(String name, String defaultValue, String description,
      BiConsumer<TokenValidator.Builder, Integer> setter) {
    return new Key(name, Type.INTEGER, List.of(), defaultValue, description,
        (b, v) -> setter.accept(b, SettingsParser.intValue(name, v)));
  }
}
